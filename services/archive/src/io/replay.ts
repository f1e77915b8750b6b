import type pg from 'pg';
import {
  DYAD_TENSION,
  ENTITIES,
  ITEMS,
  MENTIONS,
  STORY_SOURCES,
} from '@faultline/shared/state/archive-tables';
import type { AnalyzedItem } from '@faultline/shared/schemas';
import {
  toReplayItem,
  type ReplayDyadRow,
  type ReplayItemRow,
  type ReplayMentionRow,
  type ReplaySourceRow,
} from '../core/replay-item.ts';

// Reads archived items back as AnalyzedItems, oldest first, a page at a time (keyset on
// (ts, item_id), so memory stays one page whatever the range): each page's mentions come by
// item (mentions_item), its dyads by their primary key (the item row lists its dyads), and its
// stories' copies by story. Parameterised SQL only.

export interface ReplayOptions {
  since: Date;
  until?: Date | undefined;
  /** Items per page (default 1000). */
  pageSize?: number;
}

const ITEM_SQL = `SELECT i.item_id AS "itemId", i.ts, i.revision, i.feed_id AS "feedId",
  i.story_id AS "storyId", i.first_in_story AS "firstInStory", i.url, i.title, i.lead, i.body,
  i.author, i.published_at AS "publishedAt", i.fetched_at AS "fetchedAt",
  i.analyzed_at AS "analyzedAt", i.language, i.tension_score AS "tensionScore",
  i.tension_level AS "tensionLevel", i.tags, i.evidence, i.dyads
  FROM ${ITEMS.name} i
  WHERE i.ts >= $1 AND i.ts < $2 AND (i.ts, i.item_id) > ($3::timestamptz, $4::text)
  ORDER BY i.ts, i.item_id LIMIT $5`;

const MENTIONS_SQL = `SELECT m.item_id AS "itemId", m.entity_id AS "entityId", e.name, e.type,
  e.country, m.role, m.count, m.salience
  FROM unnest($1::text[], $2::timestamptz[]) AS k(item_id, ts)
  JOIN ${MENTIONS.name} m ON m.item_id = k.item_id AND m.ts = k.ts
  JOIN ${ENTITIES.name} e ON e.entity_id = m.entity_id`;

const DYADS_SQL = `SELECT d.item_id AS "itemId", d.source, d.target, d.score, d.topics
  FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[]) AS k(source, target, ts, item_id)
  JOIN ${DYAD_TENSION.name} d USING (source, target, ts, item_id)`;

const SOURCES_SQL = `SELECT s.story_id AS "storyId", s.item_id AS "itemId", s.feed_id AS "feedId",
  s.domain, s.url, s.seen_at AS "seenAt"
  FROM ${STORY_SOURCES.name} s WHERE s.story_id = ANY($1::text[])`;

const groupBy = <T extends { itemId?: string; storyId?: string }>(
  rows: T[],
  key: (r: T) => string,
) => {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
};

/** Archived items in [since, until), oldest first, as the AnalyzedItems the alerter read. */
export async function* replayArchivedItems(
  pool: pg.Pool,
  options: ReplayOptions,
): AsyncGenerator<AnalyzedItem> {
  const until = options.until ?? new Date(Date.now() + 3_600_000);
  const pageSize = options.pageSize ?? 1000;
  let after: [Date, string] = [new Date(0), ''];
  for (;;) {
    const page = await pool.query<ReplayItemRow & { dyads: string[] }>(ITEM_SQL, [
      options.since,
      until,
      after[0],
      after[1],
      pageSize,
    ]);
    if (!page.rows.length) return;
    const ids = page.rows.map((r) => r.itemId);
    const tss = page.rows.map((r) => r.ts);
    const dyadKeys = page.rows.flatMap((r) =>
      r.dyads.map((d) => {
        const [source, target] = d.split('|');
        return [source ?? '', target ?? '', r.ts, r.itemId] as const;
      }),
    );
    const [mentions, dyads, sources] = await Promise.all([
      pool.query<ReplayMentionRow>(MENTIONS_SQL, [ids, tss]),
      pool.query<ReplayDyadRow>(DYADS_SQL, [
        dyadKeys.map((k) => k[0]),
        dyadKeys.map((k) => k[1]),
        dyadKeys.map((k) => k[2]),
        dyadKeys.map((k) => k[3]),
      ]),
      pool.query<ReplaySourceRow>(SOURCES_SQL, [[...new Set(page.rows.map((r) => r.storyId))]]),
    ]);
    const mentionsOf = groupBy(mentions.rows, (m) => m.itemId);
    const dyadsOf = groupBy(dyads.rows, (d) => d.itemId);
    const sourcesOf = groupBy(sources.rows, (s) => s.storyId);
    for (const row of page.rows)
      yield toReplayItem(
        row,
        mentionsOf.get(row.itemId) ?? [],
        dyadsOf.get(row.itemId) ?? [],
        sourcesOf.get(row.storyId) ?? [],
      );
    const last = page.rows[page.rows.length - 1]!;
    after = [last.ts instanceof Date ? last.ts : new Date(last.ts), last.itemId];
    if (page.rows.length < pageSize) return;
  }
}
