import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import type pg from 'pg';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import {
  archiveAlert,
  archiveItem,
  createApi,
  createArchiveWriter,
  createPool,
  mergeBatch,
  migrate,
  responseSchemas,
  toAlertRow,
  toDeliveryRow,
  toItemRows,
} from '@faultline/archive';
import { testLogger } from './brokers.ts';
import { createTestDatabase } from './postgres.ts';

// The archive API tests' harness (archive-api*.test.ts): a real PostgreSQL holding 900 fixture
// items, a Chinese and a Russian one, and an alert with two delivery outcomes, served by
// createApi on a loopback port; each 200 body is checked against the schema of its route in the
// document the server serves (Ajv) and the zod shape it was generated from, each error body
// against the served Problem schema.

export const TOKEN = 'archive-test-token-1';
const start = new Date(Date.now() - 20 * 86_400_000);
export const items = Array.from({ length: 900 }, (_, n) =>
  archiveItem(n, { start, spacingMs: 30 * 60_000 }),
);
export const zh = {
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
export const ru = {
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
export const alertItem = items[10]!;
export const alert = archiveAlert(alertItem, 'a_api0000000000000001');

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

export function useArchiveApi() {
  const { log } = testLogger('archive-api');
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: pg.Pool;
  let server: Server;
  let base = '';
  let served: ServedDocument;
  const validators = new Map<string, ValidateFunction>();
  let problemSchema: ValidateFunction;

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

  return {
    get,
    check,
    checkProblem,
    /** The routes whose 200 body check() has seen. */
    exercised,
    validators,
    get pool() {
      return pool;
    },
  };
}
