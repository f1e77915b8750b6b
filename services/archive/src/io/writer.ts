import type pg from 'pg';
import type { BatchRows } from '../core/merge-batch.ts';
import type {
  AlertRow,
  DeliveryRow,
  TensionEventRow,
} from '@faultline/shared/state/archive-record';
import {
  ALERTS,
  DELIVERIES,
  DYAD_TENSION,
  ENSURE_PARTITIONS_SQL,
  ENTITIES,
  ITEMS,
  MENTIONS,
  STORIES,
  STORY_SOURCES,
  TENSION_EVENTS,
} from '@faultline/shared/state/archive-tables';
import { weeksTouching } from '../core/partitions.ts';
import { classifyDbError } from './db.ts';

// Batched, idempotent writes to the archive's tables (shared/src/state/archive-tables.ts): each
// batch is a handful of multi-row INSERT ... ON CONFLICT statements in one transaction, the rows
// passed as one JSON document and spread by json_to_recordset (one parameter, however many rows).
// Redelivered messages hit their primary keys and change nothing (an item's later revision
// replaces an earlier one). Partitions for the batch's weeks are made first.

export interface ArchiveWriter {
  writeItems(batch: BatchRows): Promise<void>;
  writeAlerts(rows: AlertRow[]): Promise<void>;
  writeDeliveries(rows: DeliveryRow[]): Promise<void>;
  writeTensionEvents(rows: TensionEventRow[]): Promise<void>;
  /** Forgets which partitions exist (after a drop, or when an insert found one missing). */
  forgetPartitions(): void;
}

const ITEMS_SQL = `
INSERT INTO ${ITEMS.name} AS i (item_id, ts, revision, feed_id, story_id, first_in_story, url,
  domain, title, lead, body, author, published_at, fetched_at, analyzed_at, language,
  search_config, tension_score, tension_level, topics, cameo, entity_ids, dyads, tags, evidence,
  tsv)
SELECT r."itemId", r.ts, r.revision, r."feedId", r."storyId", r."firstInStory", r.url, r.domain,
  r.title, r.lead, r.body, r.author, r."publishedAt", r."fetchedAt", r."analyzedAt", r.language,
  r."searchConfig"::regconfig, r."tensionScore", r."tensionLevel", r.topics, r.cameo,
  r."entityIds", r.dyads, r.tags, r.evidence,
  setweight(to_tsvector(r."searchConfig"::regconfig, COALESCE(r."searchTitle", r.title)), 'A') ||
  setweight(to_tsvector(r."searchConfig"::regconfig, COALESCE(r."searchBody", r.body)), 'B')
FROM json_to_recordset($1::json) AS r("itemId" text, ts timestamptz, revision int,
  "feedId" text, "storyId" text, "firstInStory" boolean, url text, domain text, title text,
  lead text, body text, author text, "publishedAt" timestamptz, "fetchedAt" timestamptz,
  "analyzedAt" timestamptz, language text, "searchConfig" text, "searchTitle" text,
  "searchBody" text, "tensionScore" real, "tensionLevel" text, topics text[], cameo text[],
  "entityIds" text[], dyads text[], tags text[], evidence jsonb)
ON CONFLICT (item_id, ts) DO UPDATE SET
  revision = EXCLUDED.revision, feed_id = EXCLUDED.feed_id, story_id = EXCLUDED.story_id,
  first_in_story = EXCLUDED.first_in_story, url = EXCLUDED.url, domain = EXCLUDED.domain,
  title = EXCLUDED.title, lead = EXCLUDED.lead, body = EXCLUDED.body, author = EXCLUDED.author,
  published_at = EXCLUDED.published_at, fetched_at = EXCLUDED.fetched_at,
  analyzed_at = EXCLUDED.analyzed_at, language = EXCLUDED.language,
  search_config = EXCLUDED.search_config, tension_score = EXCLUDED.tension_score,
  tension_level = EXCLUDED.tension_level, topics = EXCLUDED.topics, cameo = EXCLUDED.cameo,
  entity_ids = EXCLUDED.entity_ids, dyads = EXCLUDED.dyads, tags = EXCLUDED.tags,
  evidence = EXCLUDED.evidence, tsv = EXCLUDED.tsv
WHERE i.revision < EXCLUDED.revision`;

const STORIES_SQL = `
INSERT INTO ${STORIES.name} AS s (story_id, title, first_seen, last_seen)
SELECT r."storyId", r.title, r."firstSeen", r."lastSeen"
FROM json_to_recordset($1::json) AS r("storyId" text, title text, "firstSeen" timestamptz,
  "lastSeen" timestamptz)
ON CONFLICT (story_id) DO UPDATE SET
  title = CASE WHEN EXCLUDED.first_seen < s.first_seen THEN EXCLUDED.title ELSE s.title END,
  first_seen = LEAST(s.first_seen, EXCLUDED.first_seen),
  last_seen = GREATEST(s.last_seen, EXCLUDED.last_seen)
WHERE EXCLUDED.first_seen < s.first_seen OR EXCLUDED.last_seen > s.last_seen`;

const SOURCES_SQL = `
INSERT INTO ${STORY_SOURCES.name} (story_id, item_id, feed_id, domain, url, seen_at)
SELECT r."storyId", r."itemId", r."feedId", r.domain, r.url, r."seenAt"
FROM json_to_recordset($1::json) AS r("storyId" text, "itemId" text, "feedId" text,
  domain text, url text, "seenAt" timestamptz)
ON CONFLICT (story_id, item_id) DO NOTHING`;

const ENTITIES_SQL = `
INSERT INTO ${ENTITIES.name} AS e (entity_id, name, type, country, first_seen, last_seen)
SELECT r."entityId", r.name, r.type, r.country, r."firstSeen", r."lastSeen"
FROM json_to_recordset($1::json) AS r("entityId" text, name text, type text, country text,
  "firstSeen" timestamptz, "lastSeen" timestamptz)
ON CONFLICT (entity_id) DO UPDATE SET
  first_seen = LEAST(e.first_seen, EXCLUDED.first_seen),
  last_seen = GREATEST(e.last_seen, EXCLUDED.last_seen)
WHERE EXCLUDED.first_seen < e.first_seen OR EXCLUDED.last_seen > e.last_seen`;

const MENTIONS_SQL = `
INSERT INTO ${MENTIONS.name} (entity_id, ts, item_id, story_id, count, salience, role)
SELECT r."entityId", r.ts, r."itemId", r."storyId", r.count, r.salience, r.role
FROM json_to_recordset($1::json) AS r("entityId" text, ts timestamptz, "itemId" text,
  "storyId" text, count int, salience real, role text)
ON CONFLICT (entity_id, ts, item_id) DO UPDATE SET
  count = EXCLUDED.count, salience = EXCLUDED.salience, role = EXCLUDED.role`;

const DYADS_SQL = `
INSERT INTO ${DYAD_TENSION.name} (source, target, ts, item_id, story_id, score, topics)
SELECT r.source, r.target, r.ts, r."itemId", r."storyId", r.score, r.topics
FROM json_to_recordset($1::json) AS r(source text, target text, ts timestamptz, "itemId" text,
  "storyId" text, score real, topics text[])
ON CONFLICT (source, target, ts, item_id) DO UPDATE SET
  score = EXCLUDED.score, topics = EXCLUDED.topics`;

const ALERTS_SQL = `
INSERT INTO ${ALERTS.name} (alert_key, ts, rule_id, rule_name, severity, story_id, item_id,
  feed_id, is_update, title, url, score, channels, reason, created_at, explanation, trend)
SELECT r."alertKey", r.ts, r."ruleId", r."ruleName", r.severity, r."storyId", r."itemId",
  r."feedId", r."isUpdate", r.title, r.url, r.score, r.channels, r.reason, r."createdAt",
  r.explanation, r.trend
FROM json_to_recordset($1::json) AS r("alertKey" text, ts timestamptz, "ruleId" text,
  "ruleName" text, severity text, "storyId" text, "itemId" text, "feedId" text,
  "isUpdate" boolean, title text, url text, score real, channels text[], reason text,
  "createdAt" timestamptz, explanation jsonb, trend jsonb)
ON CONFLICT (alert_key, ts) DO NOTHING`;

const DELIVERIES_SQL = `
INSERT INTO ${DELIVERIES.name} (event_id, at, alert_key, destination, outcome, attempt, status,
  ms, error)
SELECT r."eventId", r.at, r."alertKey", r.destination, r.outcome, r.attempt, r.status, r.ms,
  r.error
FROM json_to_recordset($1::json) AS r("eventId" text, at timestamptz, "alertKey" text,
  destination text, outcome text, attempt int, status int, ms int, error text)
ON CONFLICT (event_id, at) DO NOTHING`;

const TENSION_SQL = `
INSERT INTO ${TENSION_EVENTS.name} (source, target, window_, at, value, baseline, z_score,
  story_ids)
SELECT r.source, r.target, r.window, r.at, r.value, r.baseline, r."zScore", r."storyIds"
FROM json_to_recordset($1::json) AS r(source text, target text, "window" text,
  at timestamptz, value real, baseline real, "zScore" real, "storyIds" text[])
ON CONFLICT (source, target, window_, at) DO NOTHING`;

export function createArchiveWriter(pool: pg.Pool): ArchiveWriter {
  const knownWeeks = new Set<string>();

  async function ensureWeeks(client: pg.PoolClient, times: string[]): Promise<void> {
    const missing = weeksTouching(times).filter((w) => !knownWeeks.has(w));
    if (!missing.length) return;
    for (const week of missing) {
      // Each week in its own statement: creating a partition takes a lock on the parent.
      await client.query(ENSURE_PARTITIONS_SQL, [week, week]);
      knownWeeks.add(week);
    }
  }

  async function inTransaction(
    times: string[],
    work: (client: pg.PoolClient) => Promise<void>,
  ): Promise<void> {
    let client: pg.PoolClient | undefined;
    try {
      client = await pool.connect();
      await ensureWeeks(client, times);
      await client.query('BEGIN');
      await work(client);
      await client.query('COMMIT');
      client.release();
    } catch (err) {
      if (client) {
        await client.query('ROLLBACK').catch(() => undefined);
        // A broken connection must not go back to the pool.
        client.release(err instanceof Error ? err : true);
      }
      if ((err as { code?: string }).code === '23514') knownWeeks.clear();
      throw classifyDbError(err);
    }
  }

  const run = async (client: pg.PoolClient, sql: string, rows: unknown[]) => {
    if (rows.length) await client.query(sql, [JSON.stringify(rows)]);
  };

  return {
    async writeItems(batch) {
      if (!batch.items.length) return;
      await inTransaction(
        batch.items.map((r) => r.ts),
        async (c) => {
          await run(c, STORIES_SQL, batch.stories);
          await run(c, ITEMS_SQL, batch.items);
          await run(c, SOURCES_SQL, batch.sources);
          await run(c, ENTITIES_SQL, batch.entities);
          await run(c, MENTIONS_SQL, batch.mentions);
          await run(c, DYADS_SQL, batch.dyads);
        },
      );
    },
    async writeAlerts(rows) {
      if (rows.length)
        await inTransaction(
          rows.map((r) => r.ts),
          (c) => run(c, ALERTS_SQL, rows),
        );
    },
    async writeDeliveries(rows) {
      if (rows.length)
        await inTransaction(
          rows.map((r) => r.at),
          (c) => run(c, DELIVERIES_SQL, rows),
        );
    },
    async writeTensionEvents(rows) {
      if (rows.length)
        await inTransaction(
          rows.map((r) => r.at),
          (c) => run(c, TENSION_SQL, rows),
        );
    },
    forgetPartitions: () => knownWeeks.clear(),
  };
}
