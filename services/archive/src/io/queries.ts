import type pg from 'pg';
import { ITEMS } from '@faultline/shared/state/archive-tables';
import type { Filters, SearchParams } from '../core/params.ts';
import { weekSlices } from '../core/partitions.ts';
import { prepareQuery, queryConfigs } from '../core/text-search.ts';

// Every read of the archive, as parameterised SQL: user values only ever travel as bind
// parameters ($1 ...); the only text spliced into SQL comes from this file's own constants and
// the table names of shared/src/state/archive-tables.ts.

export class QueryError extends Error {
  override readonly name = 'QueryError';
}

/** Collects bind parameters and hands out their placeholders. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** WHERE clauses for the filters every listing shares; `i` is the items alias. */
export function filterClauses(f: Filters, p: Params, i = 'i'): string[] {
  const where: string[] = [];
  if (f.since) where.push(`${i}.ts >= ${p.add(f.since)}`);
  if (f.until) where.push(`${i}.ts < ${p.add(f.until)}`);
  if (f.entity) where.push(`${i}.entity_ids @> ARRAY[${p.add(f.entity)}::text]`);
  if (f.dyad)
    where.push(
      `${i}.dyads && ARRAY[${p.add(`${f.dyad.a}|${f.dyad.b}`)}::text, ${p.add(`${f.dyad.b}|${f.dyad.a}`)}::text]`,
    );
  if (f.topic) {
    const t = p.add(f.topic);
    where.push(`(${i}.topics @> ARRAY[${t}::text] OR ${i}.cameo @> ARRAY[${t}::text])`);
  }
  if (f.feed) where.push(`${i}.feed_id = ${p.add(f.feed)}`);
  if (f.lang) where.push(`${i}.language = ${p.add(f.lang)}`);
  if (f.minScore !== undefined) where.push(`${i}.tension_score >= ${p.add(f.minScore)}`);
  if (f.story) where.push(`${i}.story_id = ${p.add(f.story)}`);
  return where;
}

/**
 * The tsquery for a search: the query read in each configuration queryConfigs picks, OR-ed,
 * with the readings that came out the same (most words in most configs) kept once; fewer
 * branches make the index scan and the planning much cheaper than a blind OR of every config.
 * Config names come from this code's own table, never from the request.
 */
export function tsqueryExpr(q: string, lang: string | undefined, p: Params): string {
  const text = p.add(prepareQuery(q));
  const configs = queryConfigs(q, lang).map((c) => `'${c.replace(/[^a-z]/g, '')}'`);
  return `(SELECT COALESCE(string_agg(DISTINCT '(' || t::text || ')', ' | ')::tsquery, ''::tsquery)
    FROM (SELECT websearch_to_tsquery(c::regconfig, ${text}) AS t
          FROM unnest(ARRAY[${configs.join(', ')}]) AS c) readings
    WHERE numnode(t) > 0)`;
}

export interface SearchHit {
  itemId: string;
  ts: string;
  title: string;
  url: string | null;
  feedId: string;
  storyId: string;
  language: string;
  tensionScore: number;
  topics: string[];
  entityIds: string[];
  rank: number;
  snippet: string;
}

// One cover of the matches (fragment mode costs ~30x more on article-length bodies).
const HEADLINE = 'MaxWords=35, MinWords=15, StartSel=<mark>, StopSel=</mark>';
// A snippet is cut from the body's first characters when a match is there (the usual case: the
// lead and first paragraphs), the whole body parsed only when not; ts_headline parses all the
// text it is given, so a long article's snippet cost several times its opening's.
const SNIPPET_PREFIX = 500;

/** Whether a query has any searchable word (stop words alone have none). */
export async function hasSearchableWords(
  pool: pg.Pool,
  q: string,
  lang?: string,
): Promise<boolean> {
  const p = new Params();
  const expr = tsqueryExpr(q, lang, p);
  const r = await pool.query<{ n: number }>(`SELECT numnode(${expr}) AS n`, p.values);
  return (r.rows[0]?.n ?? 0) > 0;
}

/**
 * How many matches a search ranks: the newest ones in its time range. Ranking reads each
 * candidate's whole tsvector (kilobytes, out of line), so ranking every match of a common word
 * in a month (tens of thousands) cost most of a search; the newest few hundred keep the page
 * relevant (ranked by ts_rank_cd, title words first) and the cost flat in the archive's size.
 */
export const SEARCH_CANDIDATES = 300;
/** Weekly slices a search reads one after the other; the last takes everything older. */
const SEARCH_SLICES = 14;

/**
 * Ranked full-text search; `after` is the [rank, ts, itemId] of the last hit of the page before.
 * The newest SEARCH_CANDIDATES matches are found week by week, newest first (each week one
 * partition, read through its GIN index; a UNION ALL stops at the first week that completes
 * them), then ranked; only the returned page is fetched whole and gets its snippet.
 */
export async function searchItems(
  pool: pg.Pool,
  params: SearchParams,
  limit: number,
  after?: [number, string, string],
): Promise<SearchHit[]> {
  const p = new Params();
  const expr = tsqueryExpr(params.q, params.lang, p);
  const filters = filterClauses({ ...params, since: undefined, until: undefined }, p);
  const n = p.add(SEARCH_CANDIDATES);
  const weeks = weekSlices(params.since, params.until, SEARCH_SLICES).map((s) => {
    const where = ['i.tsv @@ q.q', ...filters];
    if (s.from) where.push(`i.ts >= ${p.add(s.from)}`);
    if (s.to) where.push(`i.ts < ${p.add(s.to)}`);
    return `(SELECT ${HIT_COLUMNS}, i.search_config, i.body, i.tsv FROM ${ITEMS.name} i, q
    WHERE ${where.join(' AND ')} ORDER BY i.ts DESC LIMIT ${n})`;
  });
  const cursorClause = after
    ? `WHERE (c.rank, c.ts, c."itemId") < (${p.add(after[0])}::real, ${p.add(after[1])}::timestamptz, ${p.add(after[2])}::text)`
    : '';
  // The outer LIMIT stops the UNION ALL (an Append, read in order) at the week that fills it.
  const sql = `
WITH q AS MATERIALIZED (SELECT ${expr} AS q),
candidates AS (
  SELECT * FROM (
  ${weeks.join('\n  UNION ALL\n  ')}
  ) newest LIMIT ${n}
),
ranked AS MATERIALIZED (SELECT c.*, ts_rank_cd(c.tsv, q.q) AS rank FROM candidates c, q),
hits AS (
  SELECT * FROM ranked c ${cursorClause}
  ORDER BY c.rank DESC, c.ts DESC, c."itemId" DESC
  LIMIT ${p.add(limit)}
)
SELECT h."itemId", h.ts, h.title, h.url, h."feedId", h."storyId", h.language,
  h."tensionScore", h.topics, h."entityIds", h.rank,
  CASE WHEN strpos(s.head, '<mark>') > 0 OR length(h.body) <= ${SNIPPET_PREFIX} THEN s.head
    ELSE ts_headline(h.search_config, h.body, q.q, '${HEADLINE}') END AS snippet
FROM hits h, q,
  LATERAL (SELECT ts_headline(h.search_config, left(h.body, ${SNIPPET_PREFIX}), q.q, '${HEADLINE}') AS head) s
ORDER BY h.rank DESC, h.ts DESC, h."itemId" DESC`;
  const r = await pool.query(sql, p.values);
  return r.rows.map(hitRow);
}

const HIT_COLUMNS = `i.item_id AS "itemId", i.ts, i.title, i.url, i.feed_id AS "feedId",
  i.story_id AS "storyId", i.language, i.tension_score AS "tensionScore", i.topics,
  i.entity_ids AS "entityIds"`;

function hitRow(r: Record<string, unknown>): SearchHit {
  return {
    itemId: r.itemId as string,
    ts: (r.ts as Date).toISOString(),
    title: r.title as string,
    url: (r.url as string | null) ?? null,
    feedId: r.feedId as string,
    storyId: r.storyId as string,
    language: r.language as string,
    tensionScore: r.tensionScore as number,
    topics: r.topics as string[],
    entityIds: r.entityIds as string[],
    rank: r.rank as number,
    snippet: r.snippet as string,
  };
}

/** The naive baseline the bench compares with: every word as ILIKE '%word%' over the rows. */
export async function searchIlike(
  pool: pg.Pool,
  q: string,
  filters: Filters,
  limit: number,
): Promise<number> {
  const p = new Params();
  const words = q.split(/\s+/).filter(Boolean);
  const where = [
    ...words.map(
      (w) => `(i.title || ' ' || i.body) ILIKE ${p.add(`%${w.replace(/[\\%_]/g, '\\$&')}%`)}`,
    ),
    ...filterClauses(filters, p),
  ];
  const r = await pool.query(
    `SELECT i.item_id FROM ${ITEMS.name} i WHERE ${where.join(' AND ')} ORDER BY i.ts DESC LIMIT ${p.add(limit)}`,
    p.values,
  );
  return r.rowCount ?? 0;
}

export const ITEM_COLUMNS = `i.item_id AS "itemId", i.ts, i.revision, i.feed_id AS "feedId",
  i.story_id AS "storyId", i.url, i.domain, i.title, i.lead, i.author,
  i.published_at AS "publishedAt", i.language, i.tension_score AS "tensionScore",
  i.tension_level AS "tensionLevel", i.topics, i.cameo, i.entity_ids AS "entityIds",
  i.dyads, i.tags`;

export interface ItemSummary {
  itemId: string;
  ts: string;
  [k: string]: unknown;
}

export function itemRow(r: Record<string, unknown>): ItemSummary {
  return {
    ...r,
    ts: (r.ts as Date).toISOString(),
    publishedAt: (r.publishedAt as Date).toISOString(),
  } as unknown as ItemSummary;
}

/** Newest first; `after` is the [ts, itemId] of the last item of the page before. */
export async function listItems(
  pool: pg.Pool,
  filters: Filters,
  limit: number,
  after?: [string, string],
): Promise<ItemSummary[]> {
  const p = new Params();
  const where = filterClauses(filters, p);
  if (after)
    where.push(`(i.ts, i.item_id) < (${p.add(after[0])}::timestamptz, ${p.add(after[1])}::text)`);
  const r = await pool.query(
    `SELECT ${ITEM_COLUMNS} FROM ${ITEMS.name} i ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY i.ts DESC, i.item_id DESC LIMIT ${p.add(limit)}`,
    p.values,
  );
  return r.rows.map(itemRow);
}

/** SQL and parameters for an export (items, optionally matching a query), newest first. */
export function exportQuery(
  filters: Filters & { q?: string | undefined },
  limit: number | undefined,
): { sql: string; values: unknown[] } {
  const p = new Params();
  const where = filterClauses(filters, p);
  if (filters.q) where.push(`i.tsv @@ ${tsqueryExpr(filters.q, filters.lang, p)}`);
  const sql = `SELECT ${ITEM_COLUMNS}, i.body FROM ${ITEMS.name} i
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY i.ts DESC, i.item_id DESC ${limit ? `LIMIT ${p.add(limit)}` : ''}`;
  return { sql, values: p.values };
}
