import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { Transform, pipeline } from 'node:stream';
import type pg from 'pg';
import QueryStream from 'pg-query-stream';
import type { z } from 'zod';
import {
  ActorId,
  AlertsParams,
  ExportParams,
  ItemsParams,
  SearchParams,
  SeriesParams,
  UnknownParameter,
  describeIssues,
  queryObject,
} from '../core/params.ts';
import { CursorError, decodeCursor, encodeCursor } from '../core/cursor.ts';
import { createRateLimiter } from '../core/rate-limit.ts';
import { safeEqual, toCsvLine, CSV_COLUMNS } from '../core/export-format.ts';
import type { ArchiveSection } from '../config.ts';
import { exportQuery, hasSearchableWords, listItems, searchItems } from '../io/queries.ts';
import { listAlerts, readDyadSeries, readEntity, readStory } from '../io/read-models.ts';
import { openApiDocument } from './openapi.ts';
import { sqlState } from '../io/db.ts';
import { HttpProblem, sendJson, sendProblem } from './problem.ts';

// /api/v1 on the archive's HTTP server. Every route but the OpenAPI document takes the
// dashboard's token (Authorization: Bearer, or ?token=), is rate-limited per token, validates
// its parameters before building SQL, and answers errors as application/problem+json.

const DAY = 86_400_000;

export interface ApiOptions {
  pool: pg.Pool;
  config: Pick<ArchiveSection, 'maxPageSize' | 'rateLimitPerMinute' | 'cursorSecret'>;
  token?: string | undefined;
}

export function createApi(options: ApiOptions) {
  const { pool, config } = options;
  const secret = config.cursorSecret ?? randomBytes(32).toString('hex');
  const limiter = createRateLimiter(config.rateLimitPerMinute);
  const pageSize = (limit: number | undefined) => Math.min(limit ?? 20, config.maxPageSize);

  function parse<S extends z.ZodType>(schema: S, url: URL, allowed: string[]): z.infer<S> {
    let raw: Record<string, string>;
    try {
      raw = queryObject(url.searchParams, [...allowed, 'token']);
    } catch (err) {
      if (err instanceof UnknownParameter) throw new HttpProblem(400, 'Bad request', err.message);
      throw err;
    }
    delete raw.token;
    const r = schema.safeParse(raw);
    if (!r.success) throw new HttpProblem(400, 'Bad request', describeIssues(r.error));
    return r.data;
  }

  function cursor<T extends unknown[]>(
    value: string | undefined,
    check: (v: unknown[]) => boolean,
  ): T | undefined {
    if (value === undefined) return undefined;
    try {
      const v = decodeCursor(value, secret);
      if (!check(v)) throw new CursorError('garbled cursor');
      return v as T;
    } catch (err) {
      if (err instanceof CursorError) throw new HttpProblem(400, 'Bad cursor', err.message);
      throw err;
    }
  }
  const isTimeKey = (v: unknown[]) =>
    v.length === 2 &&
    typeof v[0] === 'string' &&
    !Number.isNaN(Date.parse(v[0])) &&
    typeof v[1] === 'string';

  function authorize(req: IncomingMessage, url: URL): string {
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const presented = bearer ?? url.searchParams.get('token') ?? undefined;
    if (options.token !== undefined) {
      if (presented === undefined || !safeEqual(presented, options.token))
        throw new HttpProblem(
          401,
          'Unauthorized',
          'a valid token is required (Authorization: Bearer <token>)',
          {
            'www-authenticate': 'Bearer realm="faultline-archive"',
          },
        );
      return 'token';
    }
    return req.socket.remoteAddress ?? 'unknown';
  }

  const routes: Array<
    [RegExp, (url: URL, m: RegExpExecArray, res: ServerResponse) => Promise<void>]
  > = [
    [
      /^\/api\/v1\/search$/,
      async (url, _m, res) => {
        const params = parse(SearchParams, url, [
          'q',
          'since',
          'until',
          'entity',
          'dyad',
          'topic',
          'feed',
          'lang',
          'minScore',
          'story',
          'limit',
          'cursor',
        ]);
        if (!(await hasSearchableWords(pool, params.q, params.lang)))
          throw new HttpProblem(
            400,
            'Bad query',
            `"${params.q}" has no searchable words (only stop words or punctuation)`,
          );
        const limit = pageSize(params.limit);
        const after = cursor<[number, string, string]>(
          params.cursor,
          (v) => v.length === 3 && typeof v[0] === 'number' && isTimeKey(v.slice(1)),
        );
        const hits = await searchItems(pool, params, limit + 1, after);
        const page = hits.slice(0, limit);
        const last = page[page.length - 1];
        sendJson(res, 200, {
          items: page,
          nextCursor:
            hits.length > limit && last
              ? encodeCursor([last.rank, last.ts, last.itemId], secret)
              : null,
        });
      },
    ],
    [
      /^\/api\/v1\/items$/,
      async (url, _m, res) => {
        const params = parse(ItemsParams, url, [
          'since',
          'until',
          'entity',
          'dyad',
          'topic',
          'feed',
          'lang',
          'minScore',
          'story',
          'limit',
          'cursor',
        ]);
        const limit = pageSize(params.limit);
        const after = cursor<[string, string]>(params.cursor, isTimeKey);
        const rows = await listItems(pool, params, limit + 1, after);
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        sendJson(res, 200, {
          items: page,
          nextCursor:
            rows.length > limit && last ? encodeCursor([last.ts, last.itemId], secret) : null,
        });
      },
    ],
    [
      /^\/api\/v1\/stories\/([^/]+)$/,
      async (url, m, res) => {
        parse(ItemsParams.pick({}), url, []);
        const id = actor(m[1]!);
        const story = await readStory(pool, id);
        if (!story) throw new HttpProblem(404, 'Not found', `no story ${id} in the archive`);
        sendJson(res, 200, story);
      },
    ],
    [
      /^\/api\/v1\/alerts$/,
      async (url, _m, res) => {
        const params = parse(AlertsParams, url, [
          'since',
          'until',
          'rule',
          'story',
          'severity',
          'limit',
          'cursor',
        ]);
        const limit = pageSize(params.limit);
        const after = cursor<[string, string]>(params.cursor, isTimeKey);
        const rows = await listAlerts(pool, params, limit + 1, after);
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        sendJson(res, 200, {
          items: page,
          nextCursor:
            rows.length > limit && last ? encodeCursor([last.ts, last.alertKey], secret) : null,
        });
      },
    ],
    [
      /^\/api\/v1\/entities\/([^/]+)$/,
      async (url, m, res) => {
        const params = parse(SeriesParams.pick({ since: true, until: true }), url, [
          'since',
          'until',
        ]);
        const id = actor(m[1]!);
        const until = params.until ?? new Date();
        const since = params.since ?? new Date(until.getTime() - 90 * DAY);
        const entity = await readEntity(pool, id, since, until);
        if (!entity) throw new HttpProblem(404, 'Not found', `no entity ${id} in the archive`);
        sendJson(res, 200, entity);
      },
    ],
    [
      /^\/api\/v1\/dyads\/([^/]+)\/([^/]+)\/series$/,
      async (url, m, res) => {
        const params = parse(SeriesParams, url, ['since', 'until', 'bucket', 'both']);
        const until = params.until ?? new Date();
        const since = params.since ?? new Date(until.getTime() - 90 * DAY);
        if (until.getTime() - since.getTime() > 3 * 366 * DAY)
          throw new HttpProblem(400, 'Bad request', 'a series spans at most three years');
        if (params.bucket === 'hour' && until.getTime() - since.getTime() > 92 * DAY)
          throw new HttpProblem(400, 'Bad request', 'hourly series span at most 92 days');
        sendJson(
          res,
          200,
          await readDyadSeries(pool, actor(m[1]!), actor(m[2]!), { ...params, since, until }),
        );
      },
    ],
    [
      /^\/api\/v1\/export$/,
      async (url, _m, res) => {
        const params = parse(ExportParams, url, [
          'q',
          'since',
          'until',
          'entity',
          'dyad',
          'topic',
          'feed',
          'lang',
          'minScore',
          'story',
          'format',
          'limit',
        ]);
        const q = exportQuery(params, params.limit);
        await streamRows(pool, q.sql, q.values, params.format, res);
      },
    ],
  ];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://archive.local');
    if (!url.pathname.startsWith('/api/')) return false;
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        throw new HttpProblem(405, 'Method not allowed', 'the archive API is read-only (GET)', {
          allow: 'GET',
        });
      if (url.pathname === '/api/v1/openapi.json') {
        sendJson(res, 200, openApiDocument);
        return true;
      }
      const client = authorize(req, url);
      const taken = limiter.take(client, Date.now());
      if (!taken.ok)
        throw new HttpProblem(
          429,
          'Too many requests',
          `at most ${config.rateLimitPerMinute} requests per minute`,
          {
            'retry-after': String(taken.retryAfterS),
          },
        );
      for (const [re, run] of routes) {
        const m = re.exec(url.pathname);
        if (m) {
          await run(url, m, res);
          return true;
        }
      }
      throw new HttpProblem(404, 'Not found', `no route ${url.pathname}`);
    } catch (err) {
      sendProblem(res, err instanceof HttpProblem ? err : dbProblem(err), url.pathname);
      return true;
    }
  }
  return { handle };
}

/** A database error as a problem: bad values 400, the database away 503, anything else 500. */
function dbProblem(err: unknown): HttpProblem {
  const state = sqlState(err);
  if (state?.startsWith('22')) return new HttpProblem(400, 'Bad request', (err as Error).message);
  if (state === undefined || ['08', '53', '57'].includes(state.slice(0, 2)))
    return new HttpProblem(503, 'Archive unavailable', 'the archive database did not answer');
  return new HttpProblem(500, 'Internal error', 'the archive could not answer this request');
}

function actor(raw: string): string {
  let v: string;
  try {
    v = decodeURIComponent(raw);
  } catch {
    throw new HttpProblem(400, 'Bad request', 'malformed percent-encoding in the path');
  }
  const r = ActorId.safeParse(v);
  if (!r.success)
    throw new HttpProblem(400, 'Bad request', `id: ${r.error.issues[0]?.message ?? 'invalid'}`);
  return r.data;
}

/** Streams a query's rows as NDJSON or CSV, a few hundred rows at a time (pg-query-stream). */
async function streamRows(
  pool: pg.Pool,
  sql: string,
  values: unknown[],
  format: 'ndjson' | 'csv',
  res: ServerResponse,
): Promise<void> {
  const client = await pool.connect();
  const rows = client.query(new QueryStream(sql, values, { batchSize: 500 }));
  let first = true;
  const encode = new Transform({
    writableObjectMode: true,
    transform(row: Record<string, unknown>, _enc, done) {
      let out = '';
      if (first) {
        res.writeHead(200, {
          'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
          'content-disposition': `attachment; filename="faultline-export.${format === 'csv' ? 'csv' : 'ndjson'}"`,
        });
        if (format === 'csv') out += `${CSV_COLUMNS.join(',')}\r\n`;
        first = false;
      }
      out += format === 'csv' ? toCsvLine(row) : `${JSON.stringify(row)}\n`;
      done(null, out);
    },
    flush(done) {
      if (first) {
        res.writeHead(200, {
          'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
        });
        done(null, format === 'csv' ? `${CSV_COLUMNS.join(',')}\r\n` : '');
      } else done();
    },
  });
  await new Promise<void>((resolve) => {
    pipeline(rows, encode, res, (err) => {
      // A client that went away mid-export: the connection's cursor is abandoned with it.
      client.release(err ?? undefined);
      if (err && !res.headersSent)
        sendProblem(res, new HttpProblem(503, 'Archive unavailable', 'the export failed'));
      resolve();
    });
  });
}
