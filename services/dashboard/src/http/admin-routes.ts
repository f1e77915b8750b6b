import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Redis } from 'ioredis';
import { sendJson } from '@faultline/shared/http';
import { createTokenStore, publicRecord, Role } from '@faultline/shared/state/api-tokens';
import { readAudit } from '@faultline/shared/state/audit-log';
import { Mute, listMutes, mutesKey, removeMute, setMute } from '@faultline/shared/state/mutes';
import { parseDuration } from '@faultline/alerter';
import type { Actor, Guard } from './guard.ts';
import { serveStatic } from './static-files.ts';

// The people side of the dashboard: who am I (`/api/me`), the audit log (`/api/audit`,
// operator), per-user tokens (`/api/tokens`, admin: list, issue, revoke) and mutes
// (`/api/mutes`, read by anyone signed in, set and removed by an operator), and the page that
// shows them (`/audit`, public/audit.html). Every change is audited. POST bodies are JSON, at
// most 4 KB; the x-faultline header was checked by the caller.

export interface AdminDeps {
  /** Redis once connected (null before: these routes answer 503). */
  redis: () => Redis | null;
  prefix: string;
  /** The alerter's key prefix (mutes live under it). */
  alerterPrefix: string;
  guard: Guard;
}

const NewToken = z
  .object({
    user: z.string().trim().min(1).max(100),
    role: Role,
    note: z.string().max(200).optional(),
  })
  .strict();
const NewMute = z
  .object({
    kind: Mute.shape.kind,
    value: z.string(),
    for: z.string().min(1),
    reason: z.string().max(200).optional(),
  })
  .strict();
const MuteRef = z.object({ kind: Mute.shape.kind, value: z.string().min(1) }).strict();

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > 4096) throw new Error('body too large');
    chunks.push(c);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    return undefined;
  }
}

const issues = (e: z.ZodError) =>
  e.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');

export function createAdminRoutes(deps: AdminDeps) {
  const { guard } = deps;
  return async function admin(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    who: Actor,
  ): Promise<boolean> {
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (method === 'GET' && path === '/audit')
      return serveStatic('audit.html', res, req.headers['if-none-match']);
    if (method === 'GET' && path === '/api/me')
      return reply(res, 200, { user: who.user, role: who.role, anonymous: !!who.anonymous });
    if (!/^\/api\/(audit|tokens|mutes)(\/|$)/.test(path)) return false;
    const redis = deps.redis();
    if (!redis) return reply(res, 503, { error: 'Redis is not connected yet' });
    const tokens = createTokenStore(redis, deps.prefix);
    const mutes = mutesKey(deps.alerterPrefix);

    if (method === 'GET' && path === '/api/audit') {
      if (!(await guard.gate(res, who, 'operator', 'audit.read'))) return true;
      const limit = Number(url.searchParams.get('limit') ?? 100);
      const before = url.searchParams.get('before');
      const entries = await readAudit(redis, {
        prefix: deps.prefix,
        limit: Number.isFinite(limit) ? limit : 100,
        ...(before && /^\d+-\d+$/.test(before) ? { before } : {}),
      });
      return reply(res, 200, { entries });
    }
    if (method === 'GET' && path === '/api/tokens') {
      if (!(await guard.gate(res, who, 'admin', 'token.list'))) return true;
      return reply(res, 200, { tokens: (await tokens.list()).map(publicRecord) });
    }
    if (method === 'POST' && path === '/api/tokens') {
      if (!(await guard.gate(res, who, 'admin', 'token.add'))) return true;
      const body = NewToken.safeParse(await readJson(req));
      if (!body.success) return reply(res, 400, { error: issues(body.error) });
      const { token, record } = await tokens.add({ ...body.data, by: who.user });
      await guard.audit(who, 'token.add', true, record.id, `${record.user} as ${record.role}`);
      // The only time the token is shown.
      return reply(res, 201, { token, ...publicRecord(record) });
    }
    const revoke = /^\/api\/tokens\/([0-9a-f]{12})\/revoke$/.exec(path);
    if (method === 'POST' && revoke) {
      if (!(await guard.gate(res, who, 'admin', 'token.revoke', revoke[1]))) return true;
      const ok = await tokens.revoke(revoke[1]!, who.user);
      await guard.audit(who, 'token.revoke', ok, revoke[1]);
      return reply(
        res,
        ok ? 200 : 404,
        ok ? { revoked: revoke[1] } : { error: 'no such active token' },
      );
    }
    if (method === 'GET' && path === '/api/mutes')
      return reply(res, 200, { mutes: await listMutes(redis, mutes) });
    if (method === 'POST' && path === '/api/mutes') {
      if (!(await guard.gate(res, who, 'operator', 'mute.add'))) return true;
      const body = NewMute.safeParse(await readJson(req));
      if (!body.success) return reply(res, 400, { error: issues(body.error) });
      const ms = parseDuration(body.data.for);
      if (ms === null || ms <= 0)
        return reply(res, 400, { error: 'for: a duration like 30m, 2h or 7d' });
      const now = new Date();
      const mute = Mute.safeParse({
        kind: body.data.kind,
        value: body.data.value,
        until: new Date(now.getTime() + ms).toISOString(),
        createdAt: now.toISOString(),
        reason: body.data.reason ?? `by ${who.user}`,
      });
      if (!mute.success) return reply(res, 400, { error: issues(mute.error) });
      await setMute(redis, mutes, mute.data);
      await guard.audit(
        who,
        'mute.add',
        true,
        `${mute.data.kind}:${mute.data.value}`,
        `until ${mute.data.until}`,
      );
      return reply(res, 201, { muted: mute.data });
    }
    if (method === 'POST' && path === '/api/mutes/remove') {
      if (!(await guard.gate(res, who, 'operator', 'mute.rm'))) return true;
      const body = MuteRef.safeParse(await readJson(req));
      if (!body.success) return reply(res, 400, { error: issues(body.error) });
      const ok = await removeMute(redis, mutes, body.data.kind, body.data.value);
      await guard.audit(who, 'mute.rm', ok, `${body.data.kind}:${body.data.value}`);
      return reply(res, ok ? 200 : 404, ok ? { removed: true } : { error: 'no such mute' });
    }
    return reply(res, 404, { error: 'not found' });
  };
}

function reply(res: ServerResponse, status: number, body: unknown): true {
  sendJson(res, status, body);
  return true;
}
