import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { Validator as OpenApiValidator } from '@seriousme/openapi-schema-validator';
import {
  archiveItem,
  createApi,
  createArchiveWriter,
  createPool,
  mergeBatch,
  migrate,
  openApiDocument,
  responseSchemas,
  toAlertRow,
  toDeliveryRow,
  toItemRows,
} from '@faultline/archive';
import type { Alert } from '@faultline/shared/schemas';
import { testLogger } from '../support/brokers.ts';
import { createTestDatabase } from '../support/postgres.ts';

// /api/v1 against a real PostgreSQL holding 900 fixture items, a Chinese, a Russian and a
// German one, and an alert with two delivery outcomes: every documented route answers what the
// OpenAPI document says (each real response validated by Ajv against the schema the server
// serves at /api/v1/openapi.json, itself checked against the OpenAPI 3.1 schema, as well as
// parsed by the zod shape it was generated from); bad input, injection strings, forged cursors
// and missing tokens get problem+json answers that match the served Problem schema, never a 500.

const { log } = testLogger('archive-api');
const TOKEN = 'archive-test-token-1';
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: pg.Pool;
let server: Server;
let base = '';
const start = new Date(Date.now() - 20 * 86_400_000);
const items = Array.from({ length: 900 }, (_, n) =>
  archiveItem(n, { start, spacingMs: 30 * 60_000 }),
);
const zh = {
  ...archiveItem(5000, { start }),
  itemId: 'i_zh',
  storyId: 's_zh',
  title: '北约峰会讨论边境局势',
  text: '北约峰会讨论了边境局势和新的制裁措施。',
  paragraphs: ['北约峰会讨论了边境局势和新的制裁措施。'],
  language: { code: 'zh', confidence: 0.9 },
  publishedAt: new Date().toISOString(),
  fetchedAt: new Date().toISOString(),
};
const ru = {
  ...archiveItem(5001, { start }),
  itemId: 'i_ru',
  storyId: 's_ru',
  title: 'Войска стягиваются к границе',
  text: 'Министерство иностранных дел призвало к срочным переговорам.',
  paragraphs: ['Министерство иностранных дел призвало к срочным переговорам.'],
  language: { code: 'ru', confidence: 0.9 },
  publishedAt: new Date().toISOString(),
  fetchedAt: new Date().toISOString(),
};
const alertItem = items[10]!;
const alert: Alert = {
  alertKey: 'a_api0000000000000001',
  ruleId: 'buildup',
  ruleName: 'Build-up',
  severity: 'high',
  storyId: alertItem.storyId,
  itemId: alertItem.itemId,
  feedId: alertItem.feedId,
  isUpdate: false,
  title: alertItem.title,
  publishedAt: alertItem.publishedAt,
  fetchedAt: alertItem.fetchedAt,
  score: 0.9,
  explanation: { rule: 'buildup', matched: ['x'], entities: [], topics: [], dyads: [], score: 0.9 },
  sources: [],
  channels: ['ops'],
  createdAt: alertItem.publishedAt,
};

async function get(path: string, token: string | null = TOKEN) {
  const res = await fetch(`${base}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const type = res.headers.get('content-type') ?? '';
  const body = /application\/(problem\+)?json/.test(type) ? await res.json() : await res.text();
  return { status: res.status, type, body: body as Record<string, unknown> & string };
}

beforeAll(async () => {
  db = await createTestDatabase();
  await migrate(db.url, log);
  pool = createPool(db.url);
  const writer = createArchiveWriter(pool);
  for (let i = 0; i < items.length; i += 300)
    await writer.writeItems(mergeBatch(items.slice(i, i + 300).map(toItemRows)));
  await writer.writeItems(mergeBatch([zh, ru].map(toItemRows)));
  await writer.writeAlerts([toAlertRow(alert)]);
  await writer.writeDeliveries([
    toDeliveryRow({
      kind: 'delivery',
      alertKey: alert.alertKey,
      destination: 'ops',
      outcome: 'retry',
      attempt: 1,
      status: 503,
      at: alert.createdAt,
    }),
    toDeliveryRow({
      kind: 'delivery',
      alertKey: alert.alertKey,
      destination: 'ops',
      outcome: 'delivered',
      attempt: 2,
      status: 200,
      at: new Date(Date.parse(alert.createdAt) + 2000).toISOString(),
    }),
  ]);
  const api = createApi({
    pool,
    token: TOKEN,
    config: { maxPageSize: 50, rateLimitPerMinute: 100_000, cursorSecret: undefined },
  });
  server = createServer((req, res) => {
    void api.handle(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  served = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as ServedDocument;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const schemas = served.components.schemas;
  const resolve = (schema: { $ref?: string }) =>
    schema.$ref ? schemas[schema.$ref.replace('#/components/schemas/', '')]! : schema;
  for (const [template, item] of Object.entries(served.paths)) {
    const json = item.get.responses['200']?.content?.['application/json'];
    if (json) validators.set(template, ajv.compile(resolve(json.schema)));
  }
  problemSchema = ajv.compile(schemas.Problem!);
});

interface ServedDocument {
  openapi: string;
  paths: Record<
    string,
    {
      get: {
        responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
      };
    }
  >;
  components: { schemas: Record<string, object> };
}
let served: ServedDocument;
const validators = new Map<string, ValidateFunction>();
let problemSchema: ValidateFunction;

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await pool?.end();
  await db?.drop();
});

const exercised = new Set<string>();
/** A 200 body against the served document's schema for its route, and the zod shape. */
function check(template: string, body: unknown) {
  const validate = validators.get(template);
  if (!validate) throw new Error(`${template}: no JSON response schema in the served document`);
  if (!validate(body))
    throw new Error(`${template}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  const parsed = responseSchemas[template]!.safeParse(body);
  if (!parsed.success) throw new Error(`${template}: ${parsed.error.message}`);
  exercised.add(template);
}

/** An error body against the served Problem schema. */
function checkProblem(body: unknown) {
  if (!problemSchema(body))
    throw new Error(`problem: ${JSON.stringify(problemSchema.errors?.slice(0, 3))}`);
}

describe('archive API', () => {
  it('searches with web-search syntax, ranks and highlights', async () => {
    const r = await get('/api/v1/search?q=nato%20border&limit=5');
    expect(r.status).toBe(200);
    check('/api/v1/search', r.body);
    const hits = r.body.items as Array<{ title: string; snippet: string; rank: number }>;
    expect(hits.length).toBe(5);
    expect(hits.every((h) => /nato/i.test(h.title) && /border/i.test(h.title + h.snippet))).toBe(
      true,
    );
    expect(hits.some((h) => h.snippet.includes('<mark>'))).toBe(true);
    for (let i = 1; i < hits.length; i++)
      expect(hits[i - 1]!.rank).toBeGreaterThanOrEqual(hits[i]!.rank);
    const phrase = await get('/api/v1/search?q=%22naval%20exercise%22%20-iran&limit=50');
    const ph = phrase.body.items as Array<{ title: string }>;
    expect(ph.length).toBeGreaterThan(0);
    expect(ph.every((h) => /naval exercise/.test(h.title) && !/iran/i.test(h.title))).toBe(true);
  });

  it('filters by entity, dyad, topic, feed, language, score and time; stems per language', async () => {
    const byEntity = await get('/api/v1/search?q=sanctions&entity=ORG:NATO&limit=50');
    const hits = byEntity.body.items as Array<{ entityIds: string[]; tensionScore: number }>;
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.entityIds.includes('ORG:NATO'))).toBe(true);
    const dyad = await get('/api/v1/items?dyad=RUS-UKR&limit=50');
    expect(
      (dyad.body.items as Array<{ dyads: string[] }>).every((i) =>
        i.dyads.some((d) => d === 'RUS|UKR' || d === 'UKR|RUS'),
      ),
    ).toBe(true);
    const scored = await get('/api/v1/items?minScore=0.9&topic=15&limit=50');
    expect(
      (scored.body.items as Array<{ tensionScore: number; cameo: string[] }>).every(
        (i) => i.tensionScore >= 0.9 && i.cameo.includes('15'),
      ),
    ).toBe(true);
    const recent = await get(`/api/v1/items?since=2d&limit=50`);
    expect(
      (recent.body.items as Array<{ ts: string }>).every(
        (i) => Date.parse(i.ts) >= Date.now() - 2 * 86_400_000 - 60_000,
      ),
    ).toBe(true);
    // English stemming: "sanction" finds "sanctions"; Russian: "переговоры" finds "переговорам".
    expect(((await get('/api/v1/search?q=sanction&limit=1')).body.items as unknown[]).length).toBe(
      1,
    );
    const russian = await get(`/api/v1/search?q=${encodeURIComponent('переговоры')}&lang=ru`);
    expect((russian.body.items as Array<{ itemId: string }>).map((h) => h.itemId)).toContain(
      'i_ru',
    );
    // Chinese, by overlapping bigrams: a word in the middle of the title.
    const chinese = await get(`/api/v1/search?q=${encodeURIComponent('峰会')}`);
    expect((chinese.body.items as Array<{ itemId: string }>).map((h) => h.itemId)).toContain(
      'i_zh',
    );
  });

  it('pages with cursors, every item once, and caps the page size', async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await get(
        `/api/v1/items?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(r.status).toBe(200);
      check('/api/v1/items', r.body);
      const page = r.body.items as Array<{ itemId: string }>;
      expect(page.length).toBeLessThanOrEqual(50);
      for (const i of page) seen.add(i.itemId);
      cursor = r.body.nextCursor as string | null;
      pages++;
    } while (cursor && pages < 100);
    expect(seen.size).toBe(902);
    const s1 = await get('/api/v1/search?q=border&limit=10');
    const s2 = await get(
      `/api/v1/search?q=border&limit=10&cursor=${encodeURIComponent(s1.body.nextCursor as string)}`,
    );
    const ids1 = (s1.body.items as Array<{ itemId: string }>).map((h) => h.itemId);
    const ids2 = (s2.body.items as Array<{ itemId: string }>).map((h) => h.itemId);
    expect(ids2.length).toBe(10);
    expect(ids1.filter((id) => ids2.includes(id))).toEqual([]);
  });

  it('shows a story with every source, its evidence, actors and alerts', async () => {
    const story = items[10]!.storyId;
    const r = await get(`/api/v1/stories/${story}`);
    expect(r.status).toBe(200);
    check('/api/v1/stories/{id}', r.body);
    expect((r.body.sources as unknown[]).length).toBe(3);
    expect((r.body.items as unknown[]).length).toBe(3);
    expect((r.body.alerts as Array<{ alertKey: string }>)[0]?.alertKey).toBe(alert.alertKey);
    const missing = await get('/api/v1/stories/s_nosuchstory');
    expect(missing.status).toBe(404);
    checkProblem(missing.body);
  });

  it('lists alerts with their delivery outcomes; entities; dyad series', async () => {
    const alerts = await get('/api/v1/alerts');
    check('/api/v1/alerts', alerts.body);
    const a = (alerts.body.items as Array<{ deliveries: Array<{ outcome: string }> }>)[0]!;
    expect(a.deliveries.map((d) => d.outcome)).toEqual(['retry', 'delivered']);
    const entity = await get('/api/v1/entities/ORG:NATO?since=60d');
    expect(entity.status).toBe(200);
    check('/api/v1/entities/{id}', entity.body);
    expect((entity.body.coOccurring as unknown[]).length).toBeGreaterThan(0);
    const series = await get('/api/v1/dyads/RUS/UKR/series?since=365d&bucket=day&both=true');
    expect(series.status).toBe(200);
    check('/api/v1/dyads/{a}/{b}/series', series.body);
    const points = series.body.points as Array<{ items: number }>;
    const total = points.reduce((s, p) => s + p.items, 0);
    const expected = items.filter((i) =>
      i.tension.dyads.some((d) => [d.source, d.target].sort().join() === 'RUS,UKR'),
    ).length;
    expect(total).toBe(expected);
  });

  it('streams NDJSON and CSV exports', async () => {
    const nd = await get('/api/v1/export?format=ndjson&q=border');
    expect(nd.status).toBe(200);
    const lines = (nd.body as string).trim().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    expect(JSON.parse(lines[0]!).itemId).toMatch(/^i_/);
    const csv = await get('/api/v1/export?format=csv&limit=5');
    expect(csv.type).toContain('text/csv');
    const rows = (csv.body as string).trim().split('\r\n');
    expect(rows[0]).toMatch(/^itemId,ts,/);
    expect(rows.length).toBeGreaterThanOrEqual(6);
  });

  it('answers bad input with problem+json 400s, never a 500', async () => {
    const bad = [
      '/api/v1/search?q=',
      '/api/v1/search?q=%21%21%20%3F%3F%20-',
      '/api/v1/search?q=x&since=yesterday',
      '/api/v1/search?q=x&limit=abc',
      '/api/v1/search?q=x&nope=1',
      '/api/v1/items?cursor=garbage',
      '/api/v1/items?cursor=eyJ4IjoxfQ.AAAAAAAAAAAAAAAAAAAAAA',
      '/api/v1/dyads/RUS/UKR/series?bucket=minute',
      '/api/v1/entities/%E0%A4%A',
    ];
    for (const path of bad) {
      const r = await get(path);
      expect(r.status, path).toBe(400);
      expect(r.type).toContain('application/problem+json');
      expect(typeof r.body.detail).toBe('string');
      checkProblem(r.body);
    }
    // A cursor from another endpoint's shape, or edited, is refused too.
    const page = await get('/api/v1/items?limit=1');
    const cursor = page.body.nextCursor as string;
    const edited = `${Buffer.from(JSON.stringify(['2020-01-01T00:00:00.000Z', 'x'])).toString('base64url')}.${cursor.split('.')[1]}`;
    expect((await get(`/api/v1/items?cursor=${encodeURIComponent(edited)}`)).status).toBe(400);
    expect((await get(`/api/v1/search?q=x&cursor=${encodeURIComponent(cursor)}`)).status).toBe(400);
  });

  it('treats SQL-injection strings in every parameter as text', async () => {
    const evil = [
      "' OR 1=1 --",
      "'; DROP TABLE items; --",
      '") OR ("a"="a',
      '1; SELECT pg_sleep(5)',
      "RUS'||'",
    ];
    for (const s of evil) {
      const e = encodeURIComponent(s);
      const paths = [
        `/api/v1/search?q=${e}`,
        `/api/v1/search?q=border&entity=${e}`,
        `/api/v1/search?q=border&feed=${e}`,
        `/api/v1/search?q=border&topic=${e}`,
        `/api/v1/search?q=border&lang=${e}`,
        `/api/v1/items?dyad=${e}`,
        `/api/v1/items?story=${e}`,
        `/api/v1/items?minScore=${e}`,
        `/api/v1/items?since=${e}`,
        `/api/v1/alerts?rule=${e}`,
        `/api/v1/stories/${e}`,
        `/api/v1/entities/${e}`,
        `/api/v1/dyads/${e}/UKR/series`,
        `/api/v1/export?q=${e}`,
      ];
      for (const path of paths) {
        const r = await get(path);
        expect([200, 400, 404], `${path} -> ${r.status}`).toContain(r.status);
        if (r.status === 200 && path.includes('search')) {
          // As text: the words are searched for, nothing else happens.
          expect(Array.isArray(r.body.items)).toBe(true);
        }
      }
    }
    const n = await pool.query('SELECT count(*)::int AS n FROM items');
    expect(n.rows[0].n).toBe(902);
  });

  it('requires the token and rate-limits per token', async () => {
    const r = await get('/api/v1/items', null);
    expect(r.status).toBe(401);
    expect(r.type).toContain('application/problem+json');
    checkProblem(r.body);
    expect((await get('/api/v1/items', 'wrong-token')).status).toBe(401);
    const limited = createApi({
      pool,
      token: TOKEN,
      config: { maxPageSize: 10, rateLimitPerMinute: 2, cursorSecret: 's' },
    });
    const limitedServer = createServer((req, res) => void limited.handle(req, res));
    await new Promise<void>((r) => limitedServer.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(limitedServer.address() as AddressInfo).port}/api/v1/items`;
    const statuses: number[] = [];
    let last: Response | undefined;
    try {
      for (let i = 0; i < 3; i++) {
        last = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
        statuses.push(last.status);
        if (i < 2) await last.arrayBuffer();
      }
      expect(last!.headers.get('content-type')).toContain('application/problem+json');
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
      const problem = (await last!.json()) as { status: number; detail: string };
      checkProblem(problem);
      expect(problem.status).toBe(429);
      expect(problem.detail).toMatch(/2 requests per minute/);
    } finally {
      await new Promise((r) => limitedServer.close(r));
    }
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('serves an OpenAPI 3.1 document whose every JSON route was checked above', async () => {
    const r = await get('/api/v1/openapi.json', null);
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    expect(r.body).toEqual(JSON.parse(JSON.stringify(openApiDocument)));
    const valid = await new OpenApiValidator().validate(
      structuredClone(r.body) as Record<string, unknown>,
    );
    expect(valid.errors ?? [], 'the OpenAPI 3.1 schema').toEqual([]);
    expect(valid.valid).toBe(true);
    // The served schemas do catch a wrong answer.
    expect(validators.get('/api/v1/items')!({ items: [{ itemId: 1 }], nextCursor: 0 })).toBe(false);
    const documented = Object.keys(r.body.paths as object).filter((p) => p in responseSchemas);
    expect(documented.sort()).toEqual([...exercised].sort());
  });
});
