import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createApi } from '@faultline/archive';
import { TOKEN, useArchiveApi } from '../support/archive-api.ts';

// /api/v1 refuses what it must against a real PostgreSQL (the harness of archive-api.test.ts):
// bad input, injection strings and forged cursors get problem+json 400s matching the served
// Problem schema, never a 500; missing or wrong tokens 401, a spent rate limit 429.

describe('archive API guards', () => {
  const api = useArchiveApi();
  const { get, checkProblem } = api;

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
    const n = await api.pool.query('SELECT count(*)::int AS n FROM items');
    expect(n.rows[0].n).toBe(902);
  });

  it('requires the token and rate-limits per token', async () => {
    const r = await get('/api/v1/items', null);
    expect(r.status).toBe(401);
    expect(r.type).toContain('application/problem+json');
    checkProblem(r.body);
    expect((await get('/api/v1/items', 'wrong-token')).status).toBe(401);
    const limited = createApi({
      pool: api.pool,
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
});
