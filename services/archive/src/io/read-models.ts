import type pg from 'pg';
import {
  ALERTS,
  DELIVERIES,
  DYAD_TENSION,
  ENTITIES,
  ITEMS,
  MENTIONS,
  STORIES,
  STORY_SOURCES,
} from '@faultline/shared/state/archive-tables';
import { ITEM_COLUMNS, itemRow, Params } from './queries.ts';

// The archive's pages: a story with all its sources, an actor over time, a dyad's tension
// series, alerts with their delivery outcomes. Parameterised SQL only.

const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : (d as string | null));

export async function readStory(pool: pg.Pool, storyId: string) {
  const story = await pool.query(
    `SELECT story_id AS "storyId", title, first_seen AS "firstSeen", last_seen AS "lastSeen"
     FROM ${STORIES.name} WHERE story_id = $1`,
    [storyId],
  );
  const head = story.rows[0];
  if (!head) return null;
  const [items, sources, entities, alerts] = await Promise.all([
    pool.query(
      `SELECT ${ITEM_COLUMNS}, i.evidence FROM ${ITEMS.name} i WHERE i.story_id = $1 ORDER BY i.ts, i.item_id LIMIT 500`,
      [storyId],
    ),
    pool.query(
      `SELECT s.item_id AS "itemId", s.feed_id AS "feedId", s.domain, s.url,
         s.seen_at AS "seenAt", i.title, i.published_at AS "publishedAt"
       FROM ${STORY_SOURCES.name} s
       LEFT JOIN LATERAL (SELECT title, published_at FROM ${ITEMS.name} it
                          WHERE it.item_id = s.item_id LIMIT 1) i ON true
       WHERE s.story_id = $1 ORDER BY s.seen_at, s.item_id LIMIT 1000`,
      [storyId],
    ),
    pool.query(
      `SELECT m.entity_id AS "entityId", e.name, e.type, sum(m.count)::int AS count,
         max(m.salience) AS salience
       FROM ${MENTIONS.name} m JOIN ${ENTITIES.name} e USING (entity_id)
       WHERE m.item_id IN (SELECT item_id FROM ${ITEMS.name} WHERE story_id = $1)
       GROUP BY m.entity_id, e.name, e.type ORDER BY count DESC, m.entity_id LIMIT 100`,
      [storyId],
    ),
    pool.query(
      `SELECT alert_key AS "alertKey", rule_id AS "ruleId", severity, created_at AS "createdAt",
         is_update AS "isUpdate" FROM ${ALERTS.name} WHERE story_id = $1 ORDER BY created_at LIMIT 100`,
      [storyId],
    ),
  ]);
  const itemRows = items.rows.map((r) => ({ ...itemRow(r), evidence: r.evidence ?? [] }));
  return {
    storyId: head.storyId as string,
    title: head.title as string,
    firstSeen: iso(head.firstSeen),
    lastSeen: iso(head.lastSeen),
    sources: sources.rows.map((r) => ({
      ...r,
      seenAt: iso(r.seenAt),
      publishedAt: iso(r.publishedAt),
      title: r.title ?? null,
    })),
    items: itemRows,
    entities: entities.rows,
    alerts: alerts.rows.map((r) => ({ ...r, createdAt: iso(r.createdAt) })),
  };
}

export async function readEntity(pool: pg.Pool, entityId: string, since: Date, until: Date) {
  const e = await pool.query(
    `SELECT entity_id AS "entityId", name, type, country, first_seen AS "firstSeen",
       last_seen AS "lastSeen" FROM ${ENTITIES.name} WHERE entity_id = $1`,
    [entityId],
  );
  const head = e.rows[0];
  if (!head) return null;
  const [series, co] = await Promise.all([
    pool.query(
      `SELECT date_trunc('day', ts) AS day, count(*)::int AS mentions
       FROM ${MENTIONS.name} WHERE entity_id = $1 AND ts >= $2 AND ts < $3 GROUP BY 1 ORDER BY 1`,
      [entityId, since, until],
    ),
    pool.query(
      `SELECT other AS "entityId", count(*)::int AS items
       FROM ${ITEMS.name} i, unnest(i.entity_ids) AS other
       WHERE i.entity_ids @> ARRAY[$1::text] AND i.ts >= $2 AND i.ts < $3 AND other <> $1
       GROUP BY other ORDER BY items DESC, other LIMIT 20`,
      [entityId, since, until],
    ),
  ]);
  return {
    ...head,
    firstSeen: iso(head.firstSeen),
    lastSeen: iso(head.lastSeen),
    since: since.toISOString(),
    until: until.toISOString(),
    mentions: series.rows.map((r) => ({ day: iso(r.day), mentions: r.mentions })),
    coOccurring: co.rows,
  };
}

export async function readDyadSeries(
  pool: pg.Pool,
  a: string,
  b: string,
  options: { since: Date; until: Date; bucket: 'hour' | 'day' | 'week'; both: boolean },
) {
  const p = new Params();
  const pair = options.both
    ? `((source = ${p.add(a)} AND target = ${p.add(b)}) OR (source = $2 AND target = $1))`
    : `source = ${p.add(a)} AND target = ${p.add(b)}`;
  const bucket = { hour: 'hour', day: 'day', week: 'week' }[options.bucket];
  const r = await pool.query(
    `SELECT date_trunc('${bucket}', ts) AS t, count(*)::int AS items, avg(score)::real AS mean,
       max(score) AS max
     FROM ${DYAD_TENSION.name} WHERE ${pair} AND ts >= ${p.add(options.since)} AND ts < ${p.add(options.until)}
     GROUP BY 1 ORDER BY 1`,
    p.values,
  );
  return {
    dyad: { source: a, target: b, both: options.both },
    bucket: options.bucket,
    since: options.since.toISOString(),
    until: options.until.toISOString(),
    points: r.rows.map((row) => ({
      t: iso(row.t),
      items: row.items,
      mean: row.mean,
      max: row.max,
    })),
  };
}

export async function listAlerts(
  pool: pg.Pool,
  f: {
    since?: Date | undefined;
    until?: Date | undefined;
    rule?: string | undefined;
    story?: string | undefined;
    severity?: string | undefined;
  },
  limit: number,
  after?: [string, string],
) {
  const p = new Params();
  const where: string[] = [];
  if (f.since) where.push(`a.ts >= ${p.add(f.since)}`);
  if (f.until) where.push(`a.ts < ${p.add(f.until)}`);
  if (f.rule) where.push(`a.rule_id = ${p.add(f.rule)}`);
  if (f.story) where.push(`a.story_id = ${p.add(f.story)}`);
  if (f.severity) where.push(`a.severity = ${p.add(f.severity)}`);
  if (after)
    where.push(`(a.ts, a.alert_key) < (${p.add(after[0])}::timestamptz, ${p.add(after[1])}::text)`);
  const r = await pool.query(
    `SELECT a.alert_key AS "alertKey", a.ts, a.rule_id AS "ruleId", a.rule_name AS "ruleName",
       a.severity, a.story_id AS "storyId", a.item_id AS "itemId", a.feed_id AS "feedId",
       a.is_update AS "isUpdate", a.title, a.url, a.score, a.channels, a.reason,
       a.created_at AS "createdAt", a.explanation,
       COALESCE((SELECT json_agg(json_build_object('destination', d.destination,
           'outcome', d.outcome, 'attempt', d.attempt, 'status', d.status, 'ms', d.ms,
           'error', d.error, 'at', d.at) ORDER BY d.at)
         FROM ${DELIVERIES.name} d WHERE d.alert_key = a.alert_key), '[]'::json) AS deliveries
     FROM ${ALERTS.name} a ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY a.ts DESC, a.alert_key DESC LIMIT ${p.add(limit)}`,
    p.values,
  );
  return r.rows.map((row) => ({ ...row, ts: iso(row.ts), createdAt: iso(row.createdAt) }));
}
