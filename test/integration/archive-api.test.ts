import { describe, expect, it } from 'vitest';
import { Validator as OpenApiValidator } from '@seriousme/openapi-schema-validator';
import { openApiDocument, responseSchemas } from '@faultline/archive';
import { alert, items, useArchiveApi } from '../support/archive-api.ts';

// /api/v1 against a real PostgreSQL holding 900 fixture items, a Chinese, a Russian and a
// German one, and an alert with two delivery outcomes: every documented route answers what the
// OpenAPI document says (each real response validated by Ajv against the schema the server
// serves at /api/v1/openapi.json, itself checked against the OpenAPI 3.1 schema, as well as
// parsed by the zod shape it was generated from). The refusals (bad input, injection strings,
// forged cursors, tokens, rate limits) are archive-api-guards.test.ts; the harness and fixtures
// test/support/archive-api.ts.

describe('archive API', () => {
  const { get, check, checkProblem, exercised, validators } = useArchiveApi();

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
