import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { createRedis } from '@faultline/shared/queue';
import { createLogger } from '@faultline/shared/log';
import { createTokenStore, tokensKey } from '@faultline/shared/state/api-tokens';
import { createAuditLog, readAudit } from '@faultline/shared/state/audit-log';
import { listMutes, mutesKey } from '@faultline/shared/state/mutes';
import { createRoutes } from '../../services/dashboard/src/http/routes.ts';
import { createAuth } from '../../services/dashboard/src/http/auth.ts';
import { createGuard } from '../../services/dashboard/src/http/guard.ts';
import { createAdminRoutes } from '../../services/dashboard/src/http/admin-routes.ts';
import { createSseHub } from '../../services/dashboard/src/http/sse-hub.ts';
import { run as tokensCli } from '../../services/cli/src/commands/tokens.ts';
import { REDIS_URL, uniqueName } from '../support/brokers.ts';

/** The secret part of `flt_<12 hex id>_<secret>`: base64url, so it may itself hold or start with '_'. */
const secretOf = (token: string) => token.slice('flt_'.length + 12 + 1);

// Per-user tokens and the audit log on the real Redis, through the dashboard's routes on a local
// HTTP server (the same wiring as its main.ts) and `faultline tokens`: roles decide what each
// token may do, only hashes are stored, a revoked token (and its session cookie) stops working
// at once, the shared token stays an admin, and every change (or refusal) is audited.

const SHARED = `shared-${Math.random().toString(36).slice(2)}-token`;
const log = createLogger({ service: 'test', level: 'silent' });
let redis: Redis;
const servers: Server[] = [];
const saved = { ...process.env };

async function dashboard(prefix: string, credentials: { token?: string } = {}) {
  const actions: string[] = [];
  const guard = createGuard({
    audit: (e) => createAuditLog(redis, prefix).record({ ...e, via: 'dashboard' }),
    log,
  });
  const route = createRoutes({
    credentials,
    auth: createAuth({ credentials, tokens: () => createTokenStore(redis, prefix), cacheMs: 0 }),
    guard,
    admin: createAdminRoutes({ redis: () => redis, prefix, alerterPrefix: prefix, guard }),
    hub: createSseHub(),
    latest: () => null,
    setFeedPaused: async (id, paused) => (actions.push(`${id}:${paused}`), true),
    retryDeadLetters: async () => (actions.push('retry'), []),
    log,
  });
  const server = createServer((req, res) => void route(req, res));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call = (path: string, token?: string, body?: unknown, extra: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      redirect: 'manual',
      ...(body !== undefined ? { method: 'POST', body: JSON.stringify(body) } : {}),
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'x-faultline': '1', 'content-type': 'application/json' } : {}),
        ...extra,
      },
    });
  return { base, call, actions };
}

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const l = vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  const e = vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  try {
    return { code: await tokensCli(args), out: out.join('\n'), err: err.join('\n') };
  } finally {
    l.mockRestore();
    e.mockRestore();
  }
}

beforeAll(() => {
  redis = createRedis(REDIS_URL);
});
afterAll(async () => {
  process.env = saved;
  for (const s of servers) await new Promise<void>((r) => s.close(() => r()));
  await redis.quit();
});

describe('per-user tokens and the audit log', () => {
  it('gives each role its rights, keeps only hashes, and audits every change', async () => {
    const prefix = `${uniqueName('tokens')}:`;
    const { call, actions } = await dashboard(prefix, { token: SHARED });

    // The shared token is an admin: it issues the others.
    const issue = async (user: string, role: string) => {
      const res = await call('/api/tokens', SHARED, { user, role });
      expect(res.status).toBe(201);
      return ((await res.json()) as { token: string; id: string }).token;
    };
    const viewer = await issue('vera', 'viewer');
    const operator = await issue('otto', 'operator');
    const admin = await issue('ada', 'admin');
    expect(viewer).toMatch(/^flt_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);

    // Stored hashed: no token in Redis.
    const stored = JSON.stringify(await redis.hgetall(tokensKey(prefix)));
    for (const t of [viewer, operator, admin]) expect(stored).not.toContain(secretOf(t));

    // viewer: reads only.
    expect((await call('/api/snapshot', viewer)).status).toBe(200);
    expect(await (await call('/api/me', viewer)).json()).toMatchObject({
      user: 'vera',
      role: 'viewer',
    });
    const refused = await call('/api/feeds/f_1/pause', viewer, {});
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toMatch(/needs the operator role/);
    expect((await call('/api/mutes', viewer, { kind: 'rule', value: 'x', for: '1h' })).status).toBe(
      403,
    );
    expect((await call('/api/audit', viewer)).status).toBe(403);

    // operator: feeds, DLQ replays, mutes; not tokens.
    expect((await call('/api/feeds/f_1/pause', operator, {})).status).toBe(200);
    expect((await call('/api/dlq/retry', operator, {})).status).toBe(200);
    expect(
      (await call('/api/mutes', operator, { kind: 'rule', value: 'coup', for: '2h' })).status,
    ).toBe(201);
    expect((await listMutes(redis, mutesKey(prefix))).map((m) => m.value)).toEqual(['coup']);
    expect(
      (await call('/api/mutes/remove', operator, { kind: 'rule', value: 'coup' })).status,
    ).toBe(200);
    expect((await call('/api/tokens', operator)).status).toBe(403);
    expect(actions).toEqual(['f_1:true', 'retry']);

    // admin (a user token): lists without hashes, revokes.
    const list = (await (await call('/api/tokens', admin)).json()) as {
      tokens: Array<Record<string, unknown>>;
    };
    expect(list.tokens.map((t) => t.user)).toEqual(['vera', 'otto', 'ada']);
    expect(JSON.stringify(list)).not.toMatch(/hash/);
    const vera = list.tokens[0]!.id as string;
    expect((await call(`/api/tokens/${vera}/revoke`, admin, {})).status).toBe(200);
    expect((await call('/api/snapshot', viewer)).status).toBe(401);
    // A right id with a wrong secret is refused too.
    const forged = `${operator.slice(0, 17)}${'A'.repeat(43)}`;
    expect((await call('/api/snapshot', forged)).status).toBe(401);

    // The audit log: who, what, when, refusals included; readable by an operator.
    const entries = (await (await call('/api/audit', operator)).json()) as {
      entries: Array<{ who: string; action: string; ok: boolean; target?: string; at: string }>;
    };
    const seen = entries.entries.map((e) => `${e.who} ${e.action} ${e.ok}`).reverse();
    expect(seen).toEqual([
      'shared-token token.add true',
      'shared-token token.add true',
      'shared-token token.add true',
      'vera feed.pause false',
      'vera mute.add false',
      'vera audit.read false',
      'otto feed.pause true',
      'otto dlq.replay true',
      'otto mute.add true',
      'otto mute.rm true',
      'otto token.list false',
      'ada token.revoke true',
    ]);
    expect(entries.entries.every((e) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
  });

  it('signs a user in with a cookie that never holds the token and dies with it', async () => {
    const prefix = `${uniqueName('tokens')}:`;
    // No shared token: an active user token alone makes sign-in required.
    const { base, call } = await dashboard(prefix);
    expect((await call('/api/snapshot')).status).toBe(200);
    const { token, record } = await createTokenStore(redis, prefix).add({
      user: 'otto',
      role: 'operator',
      by: 'test',
    });
    expect((await call('/api/snapshot')).status).toBe(401);
    const login = await fetch(`${base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${encodeURIComponent(token)}`,
    });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).not.toContain(secretOf(token));
    expect(cookie).toMatch(/HttpOnly|faultline_session=u\./);
    const me = await call('/api/me', undefined, undefined, { cookie });
    expect(await me.json()).toMatchObject({ user: 'otto', role: 'operator' });
    await createTokenStore(redis, prefix).add({ user: 'vera', role: 'viewer', by: 'test' });
    await createTokenStore(redis, prefix).revoke(record.id, 'test');
    expect((await call('/api/me', undefined, undefined, { cookie })).status).toBe(401);
  });

  it('faultline tokens add, ls and revoke, audited as the CLI user', async () => {
    const prefix = `${uniqueName('tokens')}:`;
    process.env.FAULTLINE_REDIS__URL = REDIS_URL;
    process.env.FAULTLINE_REDIS__KEY_PREFIX = prefix;
    process.env.FAULTLINE_USER = 'alice';
    expect((await cli('add', 'bob')).code).toBe(2); // --role missing
    const added = await cli('add', 'bob', '--role', 'operator', '--json');
    expect(added.code).toBe(0);
    const { token, id } = JSON.parse(added.out) as { token: string; id: string };
    expect((await createTokenStore(redis, prefix).verify(token))?.role).toBe('operator');
    const ls = await cli('ls', '--json');
    expect(JSON.parse(ls.out).tokens).toMatchObject([
      { id, user: 'bob', role: 'operator', createdBy: 'alice@cli' },
    ]);
    expect(ls.out).not.toContain(secretOf(token));
    expect((await cli('revoke', id)).code).toBe(0);
    expect((await cli('revoke', id)).code).toBe(1);
    expect(await createTokenStore(redis, prefix).verify(token)).toBeNull();
    const audit = await readAudit(redis, { prefix });
    expect(audit.map((e) => `${e.who} ${e.action} ${e.ok} ${e.via}`).reverse()).toEqual([
      'alice@cli token.add true cli',
      'alice@cli token.revoke true cli',
      'alice@cli token.revoke false cli',
    ]);
  });
});
