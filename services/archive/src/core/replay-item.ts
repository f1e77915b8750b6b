import type {
  AnalyzedItem,
  Dyad,
  ItemEntity,
  SourceRef,
  TopicHit,
} from '@faultline/shared/schemas';

// An archived item put back together as the AnalyzedItem the alerter read, for replays of the
// archive through the rules (`faultline rules backtest --from archive`). Pure: the adapter reads
// the item row, its mentions (with the entity's name, type and country), its dyads' tension and
// its story's copies seen up to it, and this assembles them.
// What the archive does not keep comes back empty: entity names the analyzer could not link
// (id null), mention spans, and the analysis mode and English gist of a non-English item (so
// an item's event-group language is its detected language).

export interface ReplayItemRow {
  itemId: string;
  ts: Date | string;
  revision: number;
  feedId: string;
  storyId: string;
  firstInStory: boolean;
  url: string | null;
  title: string;
  lead: string | null;
  body: string;
  author: string | null;
  publishedAt: Date | string;
  fetchedAt: Date | string;
  analyzedAt: Date | string;
  language: string;
  tensionScore: number;
  tensionLevel: string;
  tags: string[];
  evidence: unknown;
}

export interface ReplayMentionRow {
  itemId: string;
  entityId: string;
  name: string;
  type: string;
  country: string | null;
  role: string | null;
  count: number;
  salience: number;
}

export interface ReplayDyadRow {
  itemId: string;
  source: string;
  target: string;
  score: number;
  topics: string[];
}

export interface ReplaySourceRow {
  storyId: string;
  itemId: string;
  feedId: string;
  domain: string | null;
  url: string | null;
  seenAt: Date | string;
}

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());
const LEVELS = ['none', 'low', 'medium', 'high'] as const;
const TYPES = ['PER', 'ORG', 'LOC', 'MISC'] as const;
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** The AnalyzedItem of an archived row with its mentions, dyads and story copies. */
export function toReplayItem(
  row: ReplayItemRow,
  mentions: ReplayMentionRow[],
  dyads: ReplayDyadRow[],
  storySources: ReplaySourceRow[],
): AnalyzedItem {
  const ts = iso(row.ts);
  const entities: ItemEntity[] = [...mentions]
    .sort((a, b) => b.salience - a.salience || (a.entityId < b.entityId ? -1 : 1))
    .map((m) => ({
      id: m.entityId,
      name: m.name,
      type: (TYPES as readonly string[]).includes(m.type) ? (m.type as ItemEntity['type']) : 'MISC',
      ...(m.country ? { country: m.country } : {}),
      ...(m.role ? { role: m.role } : {}),
      count: Math.max(1, Math.round(m.count)),
      salience: clamp01(m.salience),
    }));
  const tensionDyads: Dyad[] = [...dyads]
    .sort(
      (a, b) =>
        b.score - a.score || (`${a.source}|${a.target}` < `${b.source}|${b.target}` ? -1 : 1),
    )
    .map((d) => ({
      source: d.source,
      target: d.target,
      score: clamp01(d.score),
      topics: d.topics,
    }));
  const sources: SourceRef[] = storySources
    .filter((s) => s.itemId !== row.itemId && iso(s.seenAt) <= ts)
    .map((s) => ({
      feedId: s.feedId,
      itemId: s.itemId,
      ...(s.domain ? { domain: s.domain } : {}),
      ...(s.url ? { url: s.url } : {}),
    }));
  const level = (LEVELS as readonly string[]).includes(row.tensionLevel)
    ? (row.tensionLevel as AnalyzedItem['tension']['level'])
    : 'none';
  const paragraphs = row.body.split(/\n{2,}/).filter((p) => p.trim());
  return {
    itemId: row.itemId,
    feedId: row.feedId,
    revision: row.revision,
    ...(row.url ? { url: row.url } : {}),
    title: row.title,
    ...(row.lead ? { lead: row.lead } : {}),
    paragraphs,
    text: row.body,
    ...(row.author ? { author: row.author } : {}),
    publishedAt: iso(row.publishedAt),
    language: { code: row.language, confidence: 1 },
    contentHash: '',
    storyId: row.storyId,
    firstInStory: row.firstInStory,
    sources,
    tags: row.tags,
    fetchedAt: iso(row.fetchedAt),
    cleanedAt: iso(row.analyzedAt),
    mentions: [],
    entities,
    tension: {
      score: clamp01(row.tensionScore),
      level,
      topics: Array.isArray(row.evidence) ? (row.evidence as TopicHit[]) : [],
      dyads: tensionDyads,
    },
    analyzedAt: iso(row.analyzedAt),
  };
}
