import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

// Constant-time credential checks. Both sides are hashed first so the comparison takes the same
// time whatever the lengths (timingSafeEqual needs equal-length buffers).

export interface Credentials {
  token?: string | undefined;
  basicAuth?: { user: string; password: string } | undefined;
}

export interface PresentedCredentials {
  authorization?: string | undefined;
  queryToken?: string | null | undefined;
  cookieToken?: string | undefined;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

export function checkCredentials(expected: Credentials, got: PresentedCredentials): boolean {
  if (expected.token === undefined && expected.basicAuth === undefined) return true;
  const auth = got.authorization ?? '';
  const bearer = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(auth)?.[1];
  let ok = false;
  if (expected.token !== undefined) {
    for (const candidate of [bearer, got.queryToken ?? undefined])
      if (candidate !== undefined && safeEqual(candidate, expected.token)) ok = true;
  }
  if (got.cookieToken !== undefined && safeEqual(got.cookieToken, sessionValue(expected)))
    ok = true;
  if (expected.basicAuth && basic) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const want = `${expected.basicAuth.user}:${expected.basicAuth.password}`;
    if (safeEqual(decoded, want)) ok = true;
  }
  return ok;
}

/**
 * The session cookie set after a successful login: an HMAC of the configured secret, so the
 * cookie never carries the token itself and changes when the token is rotated.
 */
export function sessionValue(expected: Credentials): string {
  const secret =
    expected.token ?? `${expected.basicAuth?.user ?? ''}:${expected.basicAuth?.password ?? ''}`;
  return createHmac('sha256', secret).update('faultline-dashboard-session-v1').digest('hex');
}

/** The value of one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}
