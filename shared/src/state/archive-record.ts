// The archive's rows as its writer sends them (archive-tables.ts holds the tables they fill):
// one interface per table, a field per column in camelCase, times as ISO strings, absent values
// null. No pg import, so the archive's pure cores build them (core/item-rows.ts from an analyzed
// item, core/event-rows.ts from alerts, delivery outcomes and tension events) and the writer
// spreads them into their columns with json_to_recordset.

/** A row of `items`; searchTitle and searchBody are not stored, they make its `tsv`. */
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

/** A row of `stories`. */
export interface StoryRow {
  storyId: string;
  title: string;
  firstSeen: string;
  lastSeen: string;
}

/** A row of `story_sources`: one copy of a story. */
export interface SourceRow {
  storyId: string;
  itemId: string;
  feedId: string;
  domain: string | null;
  url: string | null;
  seenAt: string;
}

/** A row of `entities`. */
export interface EntityRow {
  entityId: string;
  name: string;
  type: string;
  country: string | null;
  firstSeen: string;
  lastSeen: string;
}

/** A row of `mentions`: an entity in an item. */
export interface MentionRow {
  entityId: string;
  ts: string;
  itemId: string;
  storyId: string;
  count: number;
  salience: number;
  role: string | null;
}

/** A row of `dyad_tension`: a dyad's tension in an item. */
export interface DyadRow {
  source: string;
  target: string;
  ts: string;
  itemId: string;
  storyId: string;
  score: number;
  topics: string[];
}

/** A row of `alerts`. */
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

/** A row of `deliveries`: one delivery attempt's outcome. */
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

/** A row of `tension_events` (`window` is its column `window_`). */
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
