import { createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TokenStore } from '@faultline/shared/state/api-tokens';
import {
  tokenIdOf,
  type ApiTokenRecord,
  type Principal,
} from '@faultline/shared/state/api-token-record';
import {
  checkCredentials,
  readCookie,
  safeEqual,
  sessionValue,
  type Credentials,
} from '../core/check-credentials.ts';

// Who is asking: the shared dashboard token (or basic-auth pair) is an admin, as it always had
// every right; a per-user token (`flt_<id>_<secret>`, shared state api-tokens) is its user with
// its role. A token comes as a Bearer header, `?token=` (EventSource), or the session cookie a
// sign-in sets. A user's cookie is `u.<id>.<HMAC of the token's stored hash>`: it never holds
// the token, and revoking the token ends the session at once.
// Sign-in is required when the shared credentials are set or any per-user token is active.

export const COOKIE = 'faultline_session';
const SESSION_LABEL = 'faultline-dashboard-session-v1';

export interface Auth {
  /** Whether every visitor must sign in. */
  required(): Promise<boolean>;
  /** The principal the request's credentials stand for, or null. */
  identify(req: IncomingMessage, url: URL): Promise<Principal | null>;
  /** The principal a token alone (the sign-in form) stands for. */
  identifyToken(token: string): Promise<Principal | null>;
  /** The session cookie's value for a principal that signed in. */
  sessionFor(principal: Principal): Promise<string>;
}

const userSession = (r: ApiTokenRecord) =>
  `u.${r.id}.${createHmac('sha256', r.hash).update(SESSION_LABEL).digest('hex')}`;

export function createAuth(options: {
  credentials: Credentials;
  /** The token store once Redis is connected (null before: only the shared token works). */
  tokens?: () => TokenStore | null;
  /** How long "is any token active" is cached. */
  cacheMs?: number;
}): Auth {
  const { credentials } = options;
  const configured = credentials.token !== undefined || credentials.basicAuth !== undefined;
  const shared: Principal = {
    user: credentials.basicAuth?.user ?? 'shared-token',
    role: 'admin',
  };
  let any: { at: number; value: boolean } | null = null;
  const store = () => options.tokens?.() ?? null;

  async function byToken(token: string | null | undefined): Promise<Principal | null> {
    const s = store();
    if (!token || !s || !tokenIdOf(token)) return null;
    const found = await s.verify(token);
    return found ? { user: found.user, role: found.role, tokenId: found.tokenId! } : null;
  }

  async function byCookie(cookie: string | undefined): Promise<Principal | null> {
    const m = /^u\.([0-9a-f]{12})\.[0-9a-f]{64}$/.exec(cookie ?? '');
    const s = store();
    if (!m || !s) return null;
    const record = await s.get(m[1]!);
    if (!record || record.revokedAt || !safeEqual(cookie!, userSession(record))) return null;
    return { user: record.user, role: record.role, tokenId: record.id };
  }

  return {
    async required() {
      if (configured) return true;
      const s = store();
      if (!s) return false;
      const now = Date.now();
      if (!any || now - any.at >= (options.cacheMs ?? 5000))
        any = { at: now, value: await s.anyActive().catch(() => any?.value ?? false) };
      return any.value;
    },
    async identify(req, url) {
      const authorization = req.headers.authorization;
      const queryToken = url.searchParams.get('token');
      const cookie = readCookie(req.headers.cookie, COOKIE);
      if (
        configured &&
        checkCredentials(credentials, { authorization, queryToken, cookieToken: cookie })
      )
        return shared;
      const bearer = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1];
      return (await byToken(bearer)) ?? (await byToken(queryToken)) ?? (await byCookie(cookie));
    },
    async identifyToken(token) {
      if (configured && checkCredentials(credentials, { queryToken: token })) return shared;
      return byToken(token);
    },
    async sessionFor(principal) {
      if (!principal.tokenId) return sessionValue(credentials);
      const record = await store()?.get(principal.tokenId);
      return record ? userSession(record) : '';
    },
  };
}
