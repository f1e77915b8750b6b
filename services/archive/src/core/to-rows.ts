import type {
  AnalyzedItem,
  Alert,
  TensionEvent,
  DeliveryOutcomeEvent,
} from '@faultline/shared/schemas';
import { hashId } from '@faultline/shared/ids';
import { bigramText, sanitizeText, searchConfigFor } from './text-search.ts';

// What the archive stores of each message, as plain rows: one analyzed item -> its item row,
// story and copies, entities and mentions, dyad tension. Pure (no pg); the writer turns a batch
// of these into a few multi-row INSERT ... ON CONFLICT statements.

export interface ItemRow {
  itemId: string;
  ts: string;
  revision: number;
  feedId: string;
  storyId: string;
  firstInStory: boolean;
  url: string | null;
  domain: string | null;
  title: string;
  lead: string | null;
  body: string;
  author: string | null;
  publishedAt: string;
  fetchedAt: string;
  analyzedAt: string;
  language: string;
  searchConfig: string;
  /**
   * Title and body as indexed (unspaced scripts cut into bigrams); null when that is the title
   * or body itself, so a batch does not carry every article twice.
   */
  searchTitle: string | null;
  searchBody: string | null;
  tensionScore: number;
  tensionLevel: string;
  topics: string[];
  cameo: string[];
  entityIds: string[];
  dyads: string[];
  tags: string[];
  evidence: unknown;
}

export interface StoryRow {
  storyId: string;
  title: string;
  firstSeen: string;
  lastSeen: string;
}

export interface SourceRow {
  storyId: string;
  itemId: string;
  feedId: string;
  domain: string | null;
  url: string | null;
  seenAt: string;
}

export interface EntityRow {
  entityId: string;
  name: string;
  type: string;
  country: string | null;
  firstSeen: string;
  lastSeen: string;
}

export interface MentionRow {
  entityId: string;
  ts: string;
  itemId: string;
  storyId: string;
  count: number;
  salience: number;
  role: string | null;
}

export interface DyadRow {
  source: string;
  target: string;
  ts: string;
  itemId: string;
  storyId: string;
  score: number;
  topics: string[];
}

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
const s = (text: string) => sanitizeText(text);
const opt = (text: string | undefined) => (text === undefined ? null : sanitizeText(text, 10_000));

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

/** Rows of a batch, merged so that no statement touches one key twice (ON CONFLICT needs it). */
export interface BatchRows {
  items: ItemRow[];
  stories: StoryRow[];
  sources: SourceRow[];
  entities: EntityRow[];
  mentions: MentionRow[];
  dyads: DyadRow[];
}

/**
 * Merges the rows of many items: an item seen twice keeps its latest revision, a story or an
 * entity its earliest first and latest last sighting. Keys are sorted, so concurrent batches
 * lock shared rows (a popular entity) in one order and cannot deadlock each other.
 */
export function mergeBatch(all: ItemRows[]): BatchRows {
  const items = new Map<string, ItemRow>();
  const stories = new Map<string, StoryRow>();
  const sources = new Map<string, SourceRow>();
  const entities = new Map<string, EntityRow>();
  const mentions = new Map<string, MentionRow>();
  const dyads = new Map<string, DyadRow>();
  for (const rows of all) {
    const key = `${rows.item.itemId}\u0000${rows.item.ts}`;
    const prev = items.get(key);
    if (prev && prev.revision > rows.item.revision) continue;
    items.set(key, rows.item);
    const story = stories.get(rows.story.storyId);
    stories.set(
      rows.story.storyId,
      story
        ? {
            storyId: story.storyId,
            title: story.firstSeen <= rows.story.firstSeen ? story.title : rows.story.title,
            firstSeen: min(story.firstSeen, rows.story.firstSeen),
            lastSeen: max(story.lastSeen, rows.story.lastSeen),
          }
        : rows.story,
    );
    for (const r of rows.sources) {
      const k = `${r.storyId}\u0000${r.itemId}`;
      const o = sources.get(k);
      if (!o || r.seenAt < o.seenAt) sources.set(k, r);
    }
    for (const e of rows.entities) {
      const o = entities.get(e.entityId);
      entities.set(
        e.entityId,
        o
          ? {
              ...o,
              firstSeen: min(o.firstSeen, e.firstSeen),
              lastSeen: max(o.lastSeen, e.lastSeen),
            }
          : e,
      );
    }
    for (const m of rows.mentions) mentions.set(`${m.entityId}\u0000${m.ts}\u0000${m.itemId}`, m);
    for (const d of rows.dyads)
      dyads.set(`${d.source}\u0000${d.target}\u0000${d.ts}\u0000${d.itemId}`, d);
  }
  const sorted = <T>(m: Map<string, T>) =>
    [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  return {
    items: sorted(items),
    stories: sorted(stories),
    sources: sorted(sources),
    entities: sorted(entities),
    mentions: sorted(mentions),
    dyads: sorted(dyads),
  };
}

const min = (a: string, b: string) => (Date.parse(a) <= Date.parse(b) ? a : b);
const max = (a: string, b: string) => (Date.parse(a) >= Date.parse(b) ? a : b);

export interface AlertRow {
  alertKey: string;
  ts: string;
  ruleId: string;
  ruleName: string;
  severity: string;
  storyId: string;
  itemId: string;
  feedId: string;
  isUpdate: boolean;
  title: string;
  url: string | null;
  score: number;
  channels: string[];
  reason: string | null;
  createdAt: string;
  explanation: unknown;
  trend: unknown;
}

export function toAlertRow(alert: Alert, reason?: string): AlertRow {
  return {
    alertKey: alert.alertKey,
    ts: archiveTime(alert.publishedAt, alert.fetchedAt ?? alert.createdAt),
    ruleId: alert.ruleId,
    ruleName: alert.ruleName,
    severity: alert.severity,
    storyId: alert.storyId,
    itemId: alert.itemId,
    feedId: alert.feedId,
    isUpdate: alert.isUpdate,
    title: s(alert.title),
    url: opt(alert.url),
    score: alert.score,
    channels: alert.channels,
    reason: reason ?? null,
    createdAt: alert.createdAt,
    explanation: alert.explanation,
    trend: alert.trend ?? null,
  };
}

export interface DeliveryRow {
  eventId: string;
  at: string;
  alertKey: string;
  destination: string;
  outcome: string;
  attempt: number | null;
  status: number | null;
  ms: number | null;
  error: string | null;
}

/** A delivery outcome's identity: what it says (the same event redelivered is the same row). */
export function deliveryEventId(d: DeliveryOutcomeEvent): string {
  return `d_${hashId(d.alertKey, d.destination, d.outcome, String(d.attempt ?? ''), d.at)}`;
}

export function toDeliveryRow(d: DeliveryOutcomeEvent): DeliveryRow {
  return {
    eventId: deliveryEventId(d),
    at: d.at,
    alertKey: d.alertKey,
    destination: d.destination,
    outcome: d.outcome,
    attempt: d.attempt ?? null,
    status: d.status ?? null,
    ms: d.ms === undefined ? null : Math.round(d.ms),
    error: d.error === undefined ? null : sanitizeText(d.error, 2000),
  };
}

export interface TensionEventRow {
  source: string;
  target: string;
  window: string;
  at: string;
  value: number;
  baseline: number;
  zScore: number;
  storyIds: string[];
}

export function toTensionEventRow(e: TensionEvent): TensionEventRow {
  return {
    source: e.dyad.source,
    target: e.dyad.target,
    window: e.window,
    at: e.at,
    value: e.value,
    baseline: e.baseline,
    zScore: e.zScore,
    storyIds: e.storyIds,
  };
}
