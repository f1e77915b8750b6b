import { afterAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { createRedis } from '@faultline/shared/queue';
import { createTokenStore } from '@faultline/shared/state/api-tokens';
import { createApi } from '../../services/archive/src/api/routes.ts';
import { createUserTokens } from '../../services/archive/src/io/user-tokens.ts';
import { REDIS_URL, uniqueName } from '../support/brokers.ts';

// The archive API takes the per-user tokens the dashboard issues (real Redis) beside the shared
// token: any active token of any role reads, a revoked or forged one is refused, and once a user
// token exists a token is required even without the shared one. The check runs before any query,
// so an unknown route answers 404 once authorised, 401 otherwise (no PostgreSQL needed).

const redis = createRedis(REDIS_URL);
// Never connected: every request here stops at authorisation or at the unknown route.
const pool = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none', max: 1 });
afterAll(async () => {
  await redis.quit();
  await pool.end();
});

async function serve(prefix: string, token?: string) {
  const api = createApi({
    pool,
    config: { maxPageSize: 100, rateLimitPerMinute: 600, cursorSecret: 'x'.repeat(32) },
    ...(token ? { token } : {}),
    users: createUserTokens(redis, prefix, 0),
  });
  const server = createServer((req, res) => void api.handle(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const get = (t?: string) =>
    fetch(`${base}/api/v1/nope`, t ? { headers: { authorization: `Bearer ${t}` } } : {}).then(
      (r) => r.status,
    );
  return { get, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('archive API and per-user tokens', () => {
  it('takes the shared token and active user tokens, and no revoked or forged one', async () => {
    const prefix = `${uniqueName('arch-tok')}:`;
    const store = createTokenStore(redis, prefix);
    const { get, close } = await serve(prefix, 'the-shared-token-123');
    try {
      const viewer = await store.add({ user: 'vera', role: 'viewer', by: 'test' });
      expect(await get()).toBe(401);
      expect(await get('the-shared-token-123')).toBe(404);
      expect(await get(viewer.token)).toBe(404);
      expect(await get(`${viewer.token.slice(0, 17)}${'A'.repeat(43)}`)).toBe(401);
      await store.revoke(viewer.record.id, 'test');
      expect(await get(viewer.token)).toBe(401);
    } finally {
      await close();
    }
  });

  it('stays open without any token, and asks for one once a user token is active', async () => {
    const prefix = `${uniqueName('arch-tok')}:`;
    const { get, close } = await serve(prefix);
    try {
      expect(await get()).toBe(404);
      const { token } = await createTokenStore(redis, prefix).add({
        user: 'otto',
        role: 'operator',
        by: 'test',
      });
      expect(await get()).toBe(401);
      expect(await get(token)).toBe(404);
    } finally {
      await close();
    }
  });
});
