import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, waitReady, type Stack } from '../../services/cli/src/up/stack.ts';
import { REDIS_URL } from '../support/brokers.ts';

// The dashboard with a token configured, as its own process on the real brokers: every route but
// /healthz, /readyz and /metrics answers 401 without the token, the SSE stream refuses to open,
// and the token never reaches the logs.

const TOKEN = `tok-${randomBytes(12).toString('hex')}`;
let stack: Stack;
let base: string;

beforeAll(async () => {
  stack = await startStack({
    services: ['dashboard'],
    // redis.url is repeated because the stack's base config sets only redis.keyPrefix.
    config: { redis: { url: REDIS_URL }, dashboard: { token: TOKEN, refreshMs: 500 } },
  });
  base = stack.url('dashboard');
  await waitReady(stack, 'dashboard', 30_000);
});

afterAll(async () => {
  await stack?.stop();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { headers, redirect: 'manual' });

describe('dashboard auth', () => {
  it('keeps health and metrics open', async () => {
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/readyz')).status).toBe(200);
    expect((await get('/metrics')).status).toBe(200);
  });

  it('answers 401 without the token, or with a wrong one', async () => {
    for (const path of ['/', '/static/app.js', '/api/snapshot', '/api/summary', '/nope'])
      expect((await get(path)).status, path).toBe(401);
    expect((await get('/api/snapshot', { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await get(`/api/snapshot?token=${TOKEN}x`)).status).toBe(401);
    const page = await get('/', { accept: 'text/html' });
    expect(page.status).toBe(401);
    expect(await page.text()).toContain('form method="post" action="/login"');
    const post = await fetch(`${base}/api/feeds/f_x/pause`, {
      method: 'POST',
      headers: { 'x-faultline': '1' },
    });
    expect(post.status).toBe(401);
  });

  it('refuses the SSE stream without the token and opens it with ?token=', async () => {
    const refused = await get('/api/events', { accept: 'text/event-stream' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).not.toContain('text/event-stream');

    const controller = new AbortController();
    const res = await fetch(`${base}/api/events?token=${TOKEN}`, { signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('event: summary')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toContain('event: summary');
  });

  it('accepts the bearer token, and trades ?token= for a session cookie', async () => {
    const ok = await get('/api/summary', { authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(200);
    const visit = await get(`/?token=${TOKEN}`);
    expect(visit.status).toBe(303);
    expect(visit.headers.get('location')).toBe('/');
    const cookie = visit.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).not.toContain(TOKEN);
    expect((await get('/', { cookie })).status).toBe(200);
    expect((await get('/api/snapshot', { cookie })).status).toBe(200);
    // A cookie alone cannot make a state-changing request without the same-origin header.
    const csrf = await fetch(`${base}/api/dlq/retry`, { method: 'POST', headers: { cookie } });
    expect(csrf.status).toBe(403);
  });

  it('accepts the token posted to /login', async () => {
    const login = await fetch(`${base}/login`, {
      method: 'POST',
      body: new URLSearchParams({ token: TOKEN }),
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    const bad = await fetch(`${base}/login`, {
      method: 'POST',
      body: new URLSearchParams({ token: 'guess' }),
      redirect: 'manual',
    });
    expect(bad.status).toBe(401);
  });

  it('never logs the token', () => {
    const log = readFileSync(join(stack.logDir, 'dashboard.log'), 'utf8');
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain(TOKEN);
  });
});

// The same dashboard with no credentials configured: the page and the read API answer (it binds
// 127.0.0.1), but every mutating endpoint is refused unless allowUnauthenticatedWrites is set.
describe('dashboard without a token', () => {
  let open: Stack;
  let openBase: string;
  beforeAll(async () => {
    open = await startStack({
      services: ['dashboard'],
      config: { redis: { url: REDIS_URL }, dashboard: { refreshMs: 500 } },
    });
    openBase = open.url('dashboard');
    await waitReady(open, 'dashboard', 30_000);
  });
  afterAll(async () => {
    await open?.stop();
  });

  it('serves reads and refuses writes', async () => {
    expect((await fetch(`${openBase}/api/snapshot`)).status).toBe(200);
    for (const path of ['/api/feeds/f_x/pause', '/api/feeds/f_x/resume', '/api/dlq/retry']) {
      const res = await fetch(`${openBase}${path}`, {
        method: 'POST',
        headers: { 'x-faultline': '1' },
      });
      expect(res.status, path).toBe(403);
    }
    const log = readFileSync(join(open.logDir, 'dashboard.log'), 'utf8');
    expect(log).toContain('read-only');
  });
});
