import type { AnalyzedItem } from '@faultline/shared/schemas';
import type {
  DyadRow,
  EntityRow,
  ItemRow,
  MentionRow,
  SourceRow,
  StoryRow,
} from '@faultline/shared/state/archive-record';
import { bigramText, sanitizeText, searchConfigFor } from './text-search.ts';

// What the archive stores of each analyzed item, as plain rows (their types are the shared
// archive-record.ts): its item row, story and copies, entities and mentions, dyad tension. Pure
// (no pg); merge-batch.ts merges a batch of these and the writer turns it into a few multi-row
// INSERT ... ON CONFLICT statements.

export interface ItemRows {
  item: ItemRow;
  story: StoryRow;
  sources: SourceRow[];
  entities: EntityRow[];
  mentions: MentionRow[];
  dyads: DyadRow[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The time an item is filed under: its publishedAt, held within [fetchedAt - 7 days,
 * fetchedAt + 1 hour]. Derived from the message alone, so a redelivery files it identically.
 */
export function archiveTime(publishedAt: string, fetchedAt: string | undefined): string {
  const published = Date.parse(publishedAt);
  if (!fetchedAt) return new Date(published).toISOString();
  const fetched = Date.parse(fetchedAt);
  const t = Math.min(Math.max(published, fetched - 7 * DAY), fetched + HOUR);
  return new Date(t).toISOString();
}

function domainOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

const uniq = (xs: string[]) => [...new Set(xs)];
export const s = (text: string) => sanitizeText(text);
export const opt = (text: string | undefined) =>
  text === undefined ? null : sanitizeText(text, 10_000);

const unlessSame = (indexed: string, text: string) => (indexed === text ? null : indexed);

export function toItemRows(item: AnalyzedItem): ItemRows {
  const ts = archiveTime(item.publishedAt, item.fetchedAt);
  const title = s(item.title);
  const body = s(item.text);
  const topics = item.tension.topics;
  const row: ItemRow = {
    itemId: item.itemId,
    ts,
    revision: item.revision,
    feedId: item.feedId,
    storyId: item.storyId,
    firstInStory: item.firstInStory,
    url: opt(item.url),
    domain: domainOf(item.url),
    title,
    lead: opt(item.lead),
    body,
    author: opt(item.author),
    publishedAt: item.publishedAt,
    fetchedAt: item.fetchedAt,
    analyzedAt: item.analyzedAt,
    language: item.language.code,
    searchConfig: searchConfigFor(item.language.code),
    searchTitle: unlessSame(bigramText(title), title),
    searchBody: unlessSame(bigramText(body), body),
    tensionScore: item.tension.score,
    tensionLevel: item.tension.level,
    topics: uniq(topics.map((t) => t.topic)),
    cameo: uniq(topics.map((t) => t.cameo)),
    entityIds: uniq(item.entities.flatMap((e) => (e.id ? [e.id] : []))),
    dyads: uniq(item.tension.dyads.map((d) => `${d.source}|${d.target}`)),
    tags: item.tags,
    evidence: topics.length ? topics : null,
  };
  const sources: SourceRow[] = [
    { feedId: item.feedId, itemId: item.itemId, domain: row.domain, url: row.url },
    ...item.sources.map((r) => ({
      feedId: r.feedId,
      itemId: r.itemId,
      domain: r.domain ?? domainOf(r.url),
      url: r.url ?? null,
    })),
  ]
    .filter((r, i, all) => all.findIndex((o) => o.itemId === r.itemId) === i)
    .map((r) => ({ ...r, storyId: item.storyId, seenAt: ts }));
  const entities: EntityRow[] = [];
  const mentions: MentionRow[] = [];
  for (const e of item.entities) {
    if (!e.id || mentions.some((m) => m.entityId === e.id)) continue;
    entities.push({
      entityId: e.id,
      name: s(e.name),
      type: e.type,
      country: e.country ?? null,
      firstSeen: ts,
      lastSeen: ts,
    });
    mentions.push({
      entityId: e.id,
      ts,
      itemId: item.itemId,
      storyId: item.storyId,
      count: e.count,
      salience: e.salience,
      role: e.role ?? null,
    });
  }
  const dyads: DyadRow[] = [];
  for (const d of item.tension.dyads) {
    if (dyads.some((o) => o.source === d.source && o.target === d.target)) continue;
    dyads.push({
      source: d.source,
      target: d.target,
      ts,
      itemId: item.itemId,
      storyId: item.storyId,
      score: d.score,
      topics: d.topics,
    });
  }
  return {
    item: row,
    story: { storyId: item.storyId, title: row.title, firstSeen: ts, lastSeen: ts },
    sources,
    entities,
    mentions,
    dyads,
  };
}
