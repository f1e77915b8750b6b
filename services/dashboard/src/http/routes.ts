import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@faultline/shared/log';
import { sendJson } from '@faultline/shared/http';
import type { Credentials } from '../core/check-credentials.ts';
import type { Principal } from '@faultline/shared/state/api-token-record';
import { COOKIE, createAuth, type Auth } from './auth.ts';
import { createGuard, type Actor, type Guard } from './guard.ts';
import type { Snapshot } from '../core/model.ts';
import type { SseHub } from './sse-hub.ts';
import { serveStatic } from './static-files.ts';

// The dashboard's routes, served on the same port as /metrics, /healthz and /readyz (which stay
// open: orchestrators and Prometheus probe them without credentials, and they carry only counts
// and up/down, never feed URLs, titles or secrets). Everything else needs the token (bearer
// header, `?token=` for EventSource, or the session cookie set by /login or by any page visit
// with a valid `?token=`) or basic auth. POSTs also need the `x-faultline` header, which a
// cross-site form cannot send, so the session cookie cannot be used for CSRF.
// With no credentials configured, reads stay open (the default bind is 127.0.0.1) but POSTs are
// refused with 403 unless `allowUnauthenticatedWrites` was set explicitly: any local process
// (or a page the operator's browser opens, with a DNS-rebound name) could otherwise pause feeds
// or replay dead letters.
// Roles (http/auth.ts): viewer reads; operator also pauses feeds, replays DLQs and sets mutes;
// admin also manages tokens. Every mutating request, allowed or refused, goes to the audit log.

export interface RouteDeps {
  credentials: Credentials;
  hub: SseHub;
  latest(): Snapshot | null;
  setFeedPaused(feedId: string, paused: boolean): Promise<boolean>;
  retryDeadLetters(alertKey?: string): Promise<string[]>;
  log: Logger;
  /** Set the session cookie with `Secure` (when served over HTTPS behind a proxy). */
  secureCookie?: boolean;
  /** Without credentials, accept POSTs anyway (explicit opt-in; refused by default). */
  allowUnauthenticatedWrites?: boolean;
  /** Forwards /api/v1/* to the archive (the archive pages read it). */
  archive?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<true>;
  /** Who is asking (per-user tokens); default: the shared credentials only. */
  auth?: Auth;
  /** Role checks and the audit log of mutating actions (default: roles only, no log). */
  guard?: Guard;
  /** The tokens, audit and mutes API (http/admin-routes.ts); true when it answered. */
  admin?: (req: IncomingMessage, res: ServerResponse, url: URL, who: Actor) => Promise<boolean>;
}

/** The archive pages: one page (archive.html) that reads the archive's /api/v1. */
const ARCHIVE_PAGES = /^\/(?:search|history|trends|stories\/[^/]+)$/;
const OPEN = new Set(['/healthz', '/readyz', '/metrics']);

export function createRoutes(deps: RouteDeps) {
  const auth = deps.auth ?? createAuth({ credentials: deps.credentials });
  const cookieHeader = async (who: Principal) =>
    `${COOKIE}=${await auth.sessionFor(who)}; Path=/; HttpOnly; SameSite=Strict${deps.secureCookie ? '; Secure' : ''}`;
  const anonymous: Actor = {
    user: 'anonymous',
    role: deps.allowUnauthenticatedWrites ? 'operator' : 'viewer',
    anonymous: true,
  };
  const { audit, gate } = deps.guard ?? createGuard({ log: deps.log });

  return async function route(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://dashboard');
    const path = url.pathname;
    if (OPEN.has(path)) return false; // the shared health server answers these
    if (path === '/favicon.ico') return (void res.writeHead(204).end(), true);
    const method = req.method ?? 'GET';

    if (path === '/login' && method === 'POST') return login(req, res);
    const queryToken = url.searchParams.get('token');
    const authRequired = await auth.required();
    const principal = await auth.identify(req, url);
    if (!principal && authRequired) return deny(req, res, path);
    const who: Actor = principal ?? anonymous;
    if (principal && queryToken !== null && method === 'GET' && !path.startsWith('/api/')) {
      // Trade the token in the address bar for a cookie, and drop it from the URL.
      url.searchParams.delete('token');
      res.writeHead(303, {
        'set-cookie': await cookieHeader(principal),
        location: url.pathname + url.search,
      });
      res.end();
      return true;
    }

    if (method === 'POST' && req.headers['x-faultline'] !== '1')
      return reply(res, 403, { error: 'missing x-faultline header' });
    if (deps.admin && (await deps.admin(req, res, url, who))) return true;
    if (method === 'GET' && (path === '/' || path === '/index.html'))
      return serveStatic('index.html', res, req.headers['if-none-match']);
    if (method === 'GET' && ARCHIVE_PAGES.test(path))
      return serveStatic('archive.html', res, req.headers['if-none-match']);
    if (path.startsWith('/api/v1/')) {
      if (deps.archive) return deps.archive(req, res, url);
      return reply(res, 404, { error: 'no archive configured' });
    }
    if (method === 'GET' && path.startsWith('/static/'))
      return serveStatic(path.slice('/static/'.length), res, req.headers['if-none-match']);
    if (method === 'GET' && path === '/api/events') {
      deps.hub.attach(res, deps.latest());
      return true;
    }
    if (method === 'GET' && path === '/api/snapshot') return reply(res, 200, deps.latest());
    if (method === 'GET' && path === '/api/summary')
      return reply(res, 200, deps.latest()?.summary ?? null);

    if (method === 'POST') {
      const feed = /^\/api\/feeds\/([\w.:-]+)\/(pause|resume)$/.exec(path);
      if (feed) {
        const action = `feed.${feed[2]}`;
        if (!(await gate(res, who, 'operator', action, feed[1]))) return true;
        const ok = await deps.setFeedPaused(feed[1]!, feed[2] === 'pause');
        deps.log.info(
          { feed_id: feed[1], action: feed[2], ok, user: who.user },
          'feed action from the dashboard',
        );
        await audit(who, action, ok, feed[1]);
        return reply(res, ok ? 200 : 404, ok ? { ok } : { error: 'no such feed' });
      }
      const retry = /^\/api\/(?:alerts\/([\w.:-]+)\/retry|dlq\/retry)$/.exec(path);
      if (retry) {
        if (!(await gate(res, who, 'operator', 'dlq.replay', retry[1] ?? 'all'))) return true;
        const replayed = await deps.retryDeadLetters(retry[1]);
        deps.log.info(
          { alertKey: retry[1], replayed: replayed.length, user: who.user },
          'DLQ replay from the dashboard',
        );
        await audit(who, 'dlq.replay', true, retry[1] ?? 'all', `${replayed.length} replayed`);
        return reply(res, 200, { replayed });
      }
    }
    return reply(res, 404, { error: 'not found' });
  };

  async function login(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const body = await readBody(req, 4096);
    const token = new URLSearchParams(body).get('token') ?? '';
    const who = await auth.identifyToken(token);
    if (!who) {
      deps.log.warn({ ip: req.socket.remoteAddress }, 'dashboard login refused');
      return deny(req, res, '/login');
    }
    res.writeHead(303, { 'set-cookie': await cookieHeader(who), location: '/' }).end();
    return true;
  }

  function deny(req: IncomingMessage, res: ServerResponse, path: string): boolean {
    const wantsHtml = (req.headers.accept ?? '').includes('text/html') && !path.startsWith('/api/');
    const headers: Record<string, string> = {
      'cache-control': 'no-store',
      ...(deps.credentials.basicAuth ? { 'www-authenticate': 'Basic realm="faultline"' } : {}),
    };
    if (wantsHtml) {
      res.writeHead(401, { ...headers, 'content-type': 'text/html; charset=utf-8' });
      res.end(LOGIN_PAGE);
    } else {
      res.writeHead(401, { ...headers, 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'unauthorized' }));
    }
    return true;
  }
}

function reply(res: ServerResponse, status: number, body: unknown): true {
  sendJson(res, status, body);
  return true;
}

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) req.destroy(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const LOGIN_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Faultline: sign in</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>body{font:15px system-ui,sans-serif;background:#0f1419;color:#e6e6e6;display:grid;place-items:center;height:100vh;margin:0}
form{background:#1a2129;padding:2rem;border-radius:8px}input{font:inherit;padding:.4rem;margin:.5rem 0;width:18rem}</style>
<form method="post" action="/login"><h1>Faultline</h1><label>Dashboard token<br>
<input type="password" name="token" autocomplete="current-password" autofocus></label><br><button>Sign in</button></form></html>`;
