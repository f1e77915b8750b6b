import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import {
  AlertsParams,
  ExportParams,
  ItemsParams,
  SearchParams,
  SeriesParams,
} from '../core/params.ts';
import { encodeCursor } from '../core/cursor.ts';
import { createRateLimiter } from '../core/rate-limit.ts';
import type { ArchiveSection } from '../config.ts';
import { exportQuery, hasSearchableWords, listItems, searchItems } from '../io/queries.ts';
import { listAlerts, readDyadSeries, readEntity, readStory } from '../io/read-models.ts';
import { openApiDocument } from './openapi.ts';
import { HttpProblem, sendJson, sendProblem } from './problem.ts';
import {
  actor,
  authorize,
  dbProblem,
  isTimeKey,
  parseParams,
  readCursor,
  type UserTokens,
} from './request.ts';
import { streamRows } from './stream-export.ts';

// /api/v1 on the archive's HTTP server. Every route but the OpenAPI document takes the
// dashboard's token (Authorization: Bearer, or ?token=), is rate-limited per token, validates
// its parameters before building SQL, and answers errors as application/problem+json.

const DAY = 86_400_000;

export interface ApiOptions {
  pool: pg.Pool;
  config: Pick<ArchiveSection, 'maxPageSize' | 'rateLimitPerMinute' | 'cursorSecret'>;
  token?: string | undefined;
  /** Per-user API tokens (read from Redis); without them only `token` is taken. */
  users?: UserTokens;
}

export function createApi(options: ApiOptions) {
  const { pool, config } = options;
  const secret = config.cursorSecret ?? randomBytes(32).toString('hex');
  const limiter = createRateLimiter(config.rateLimitPerMinute);
  const pageSize = (limit: number | undefined) => Math.min(limit ?? 20, config.maxPageSize);

  const cursor = <T extends unknown[]>(
    value: string | undefined,
    check: (v: unknown[]) => boolean,
  ) => readCursor<T>(value, check, secret);

  const routes: Array<
    [RegExp, (url: URL, m: RegExpExecArray, res: ServerResponse) => Promise<void>]
  > = [
    [
      /^\/api\/v1\/search$/,
      async (url, _m, res) => {
        const params = parseParams(SearchParams, url, [
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
        const params = parseParams(ItemsParams, url, [
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
        parseParams(ItemsParams.pick({}), url, []);
        const id = actor(m[1]!);
        const story = await readStory(pool, id);
        if (!story) throw new HttpProblem(404, 'Not found', `no story ${id} in the archive`);
        sendJson(res, 200, story);
      },
    ],
    [
      /^\/api\/v1\/alerts$/,
      async (url, _m, res) => {
        const params = parseParams(AlertsParams, url, [
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
        const params = parseParams(SeriesParams.pick({ since: true, until: true }), url, [
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
        const params = parseParams(SeriesParams, url, ['since', 'until', 'bucket', 'both']);
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
        const params = parseParams(ExportParams, url, [
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
      const client = await authorize(req, url, options.token, options.users);
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
