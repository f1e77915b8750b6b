import { TOPICS } from '../topics.ts';

// The archive's PostgreSQL tables: what Faultline saw, kept for `archive.retentionDays`. The
// archive writes them all (from news.analyzed, tension.events and alerts, in batches) and alone
// reads them (search, export, read models and replay over its HTTP API; the CLI's bench through
// its public face). The DDL is the archive's migrations (services/archive/migrations,
// node-pg-migrate); archive-tables.test.ts holds this file and those to the same tables,
// columns, keys and partitions. The rows the writer sends are archive-record.ts.
//
// Layout. The tables that grow with the item rate are range-partitioned by week on their time
// column: one partition per week and table, `<table>_wYYYYMMDD` from Monday 00:00 UTC, made
// ahead of the writes by ENSURE_PARTITIONS_SQL (the writer, for each week a batch touches;
// retention, for this week and the next). Stories and entities are small and not partitioned.
//
// Retention (hourly, and at start): the weekly partitions that end at or before now -
// retentionDays are dropped whole (DROP_PARTITIONS_SQL), stories last seen before then are
// deleted and their copies with them; entities are kept (one row per actor ever seen). Rows
// older than the cutoff are not written at all: their partition is gone.

/** `archive.retentionDays` unless configured. */
export const ARCHIVE_RETENTION_DAYS = 90;

/** How retention removes a table's rows. */
export type Retention<C extends string = string> =
  | { kind: 'drop-partitions' }
  | { kind: 'delete-older'; column: C }
  | { kind: 'with-parent'; parent: string }
  | { kind: 'kept'; why: string };

export interface ArchiveTable<C extends string = string> {
  readonly name: string;
  /** Column -> type as the migrations declare it ('text', 'text[] not null' ...), in order. */
  readonly columns: Readonly<Record<C, string>>;
  readonly primaryKey: readonly C[];
  /** The time column of its weekly range partitions; absent when not partitioned. */
  readonly partitionedBy?: C;
  readonly retention: Retention<C>;
  /** The topic its rows come from. */
  readonly from: (typeof TOPICS)[keyof typeof TOPICS];
}

/** A table, its keys checked against its own columns. */
const table = <const C extends string>(
  t: Omit<ArchiveTable<C>, 'primaryKey' | 'partitionedBy' | 'retention'> & {
    primaryKey: readonly NoInfer<C>[];
    partitionedBy?: NoInfer<C>;
    retention: Retention<NoInfer<C>>;
  },
): ArchiveTable<C> => t;
const byWeek = { kind: 'drop-partitions' } as const;

/** One row per analyzed item (its latest revision), filed under its archive time `ts`. */
export const ITEMS = table({
  name: 'items',
  columns: {
    item_id: 'text not null',
    ts: 'timestamptz not null',
    revision: 'integer not null',
    feed_id: 'text not null',
    story_id: 'text not null',
    first_in_story: 'boolean not null',
    url: 'text',
    domain: 'text',
    title: 'text not null',
    lead: 'text',
    body: 'text not null',
    author: 'text',
    published_at: 'timestamptz not null',
    fetched_at: 'timestamptz not null',
    analyzed_at: 'timestamptz not null',
    language: 'text not null',
    search_config: 'regconfig not null',
    tension_score: 'real not null',
    tension_level: 'text not null',
    topics: 'text[] not null',
    cameo: 'text[] not null',
    entity_ids: 'text[] not null',
    dyads: 'text[] not null',
    tags: 'text[] not null',
    evidence: 'jsonb',
    tsv: 'tsvector not null',
  },
  primaryKey: ['item_id', 'ts'],
  partitionedBy: 'ts',
  retention: byWeek,
  from: TOPICS.analyzed,
});

/** A story: its first title and when it was first and last seen. */
export const STORIES = table({
  name: 'stories',
  columns: {
    story_id: 'text not null',
    title: 'text not null',
    first_seen: 'timestamptz not null',
    last_seen: 'timestamptz not null',
  },
  primaryKey: ['story_id'],
  retention: { kind: 'delete-older', column: 'last_seen' },
  from: TOPICS.analyzed,
});

/** Every copy of a story, from every feed. */
export const STORY_SOURCES = table({
  name: 'story_sources',
  columns: {
    story_id: 'text not null',
    item_id: 'text not null',
    feed_id: 'text not null',
    domain: 'text',
    url: 'text',
    seen_at: 'timestamptz not null',
  },
  primaryKey: ['story_id', 'item_id'],
  retention: { kind: 'with-parent', parent: 'stories' },
  from: TOPICS.analyzed,
});

export const ENTITIES = table({
  name: 'entities',
  columns: {
    entity_id: 'text not null',
    name: 'text not null',
    type: 'text not null',
    country: 'text',
    first_seen: 'timestamptz not null',
    last_seen: 'timestamptz not null',
  },
  primaryKey: ['entity_id'],
  retention: { kind: 'kept', why: 'one row per actor ever seen: the names the mentions refer to' },
  from: TOPICS.analyzed,
});

export const MENTIONS = table({
  name: 'mentions',
  columns: {
    entity_id: 'text not null',
    ts: 'timestamptz not null',
    item_id: 'text not null',
    story_id: 'text not null',
    count: 'integer not null',
    salience: 'real not null',
    role: 'text',
  },
  primaryKey: ['entity_id', 'ts', 'item_id'],
  partitionedBy: 'ts',
  retention: byWeek,
  from: TOPICS.analyzed,
});

/** One row per (item, dyad): the dyad's tension in that item; series aggregate these. */
export const DYAD_TENSION = table({
  name: 'dyad_tension',
  columns: {
    source: 'text not null',
    target: 'text not null',
    ts: 'timestamptz not null',
    item_id: 'text not null',
    story_id: 'text not null',
    score: 'real not null',
    topics: 'text[] not null',
  },
  primaryKey: ['source', 'target', 'ts', 'item_id'],
  partitionedBy: 'ts',
  retention: byWeek,
  from: TOPICS.analyzed,
});

/** Spikes of a dyad's tension index against its baseline. */
export const TENSION_EVENTS = table({
  name: 'tension_events',
  columns: {
    source: 'text not null',
    target: 'text not null',
    window_: 'text not null',
    at: 'timestamptz not null',
    value: 'real not null',
    baseline: 'real not null',
    z_score: 'real not null',
    story_ids: 'text[] not null',
  },
  primaryKey: ['source', 'target', 'window_', 'at'],
  partitionedBy: 'at',
  retention: byWeek,
  from: TOPICS.tensionEvents,
});

/** Alerts by alert key; `ts` is the alerted item's archive time, the same on a replay. */
export const ALERTS = table({
  name: 'alerts',
  columns: {
    alert_key: 'text not null',
    ts: 'timestamptz not null',
    rule_id: 'text not null',
    rule_name: 'text not null',
    severity: 'text not null',
    story_id: 'text not null',
    item_id: 'text not null',
    feed_id: 'text not null',
    is_update: 'boolean not null',
    title: 'text not null',
    url: 'text',
    score: 'real not null',
    channels: 'text[] not null',
    reason: 'text',
    created_at: 'timestamptz not null',
    explanation: 'jsonb not null',
    trend: 'jsonb',
  },
  primaryKey: ['alert_key', 'ts'],
  partitionedBy: 'ts',
  retention: byWeek,
  from: TOPICS.alerts,
});

/** Every delivery attempt's outcome; event_id is derived from what the outcome says. */
export const DELIVERIES = table({
  name: 'deliveries',
  columns: {
    event_id: 'text not null',
    at: 'timestamptz not null',
    alert_key: 'text not null',
    destination: 'text not null',
    outcome: 'text not null',
    attempt: 'integer',
    status: 'integer',
    ms: 'integer',
    error: 'text',
  },
  primaryKey: ['event_id', 'at'],
  partitionedBy: 'at',
  retention: byWeek,
  from: TOPICS.alerts,
});

export const ARCHIVE_TABLES: readonly ArchiveTable[] = [
  ITEMS,
  STORIES,
  STORY_SOURCES,
  ENTITIES,
  MENTIONS,
  DYAD_TENSION,
  TENSION_EVENTS,
  ALERTS,
  DELIVERIES,
];

/** The tables with weekly partitions, as the partition functions list them. */
export const PARTITIONED_TABLES = ARCHIVE_TABLES.filter((t) => t.partitionedBy !== undefined);

/** Makes the missing weekly partitions of every partitioned table for the weeks touching [$1, $2]. */
export const ENSURE_PARTITIONS_SQL =
  'SELECT archive_ensure_partitions($1::timestamptz, $2::timestamptz)';

/** Drops every weekly partition that ends at or before $1; one row (`name`) per partition. */
export const DROP_PARTITIONS_SQL = 'SELECT archive_drop_partitions($1::timestamptz) AS name';

/** node-pg-migrate's record of the migrations applied. */
export const MIGRATIONS_TABLE = 'archive_migrations';
