import { describe, it, expect, afterEach } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@faultline/shared/log';
import { createRoutes, type RouteDeps } from './routes.ts';
import { createSseHub } from './sse-hub.ts';

// The routes on a real local HTTP server, no brokers: what a dashboard without a token lets
// through.

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function serve(extra: Partial<RouteDeps>) {
  const actions: string[] = [];
  const route = createRoutes({
    credentials: {},
    hub: createSseHub(),
    latest: () => null,
    setFeedPaused: async (id, paused) => (actions.push(`${id}:${paused}`), true),
    retryDeadLetters: async () => (actions.push('retry'), []),
    log: createLogger({ service: 'test', level: 'silent' }),
    ...extra,
  });
  server = createServer((req, res) => void route(req, res));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = (path: string) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'x-faultline': '1' } });
  return { base, post, actions };
}

describe('dashboard routes without credentials', () => {
  it('serve reads but refuse every write by default', async () => {
    const { base, post, actions } = await serve({});
    expect((await fetch(`${base}/api/snapshot`)).status).toBe(200);
    for (const path of [
      '/api/feeds/f_1/pause',
      '/api/feeds/f_1/resume',
      '/api/dlq/retry',
      '/api/alerts/a1/retry',
    ]) {
      const res = await post(path);
      expect(res.status, path).toBe(403);
      expect(((await res.json()) as { error: string }).error).toMatch(/allowUnauthenticatedWrites/);
    }
    expect(actions).toEqual([]);
  });
  it('accept writes when allowUnauthenticatedWrites is set explicitly', async () => {
    const { post, actions } = await serve({ allowUnauthenticatedWrites: true });
    expect((await post('/api/feeds/f_1/pause')).status).toBe(200);
    expect((await post('/api/dlq/retry')).status).toBe(200);
    expect(actions).toEqual(['f_1:true', 'retry']);
  });
});
