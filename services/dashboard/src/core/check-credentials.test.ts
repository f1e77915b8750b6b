import { describe, expect, it } from 'vitest';
import { checkCredentials, readCookie, safeEqual, sessionValue } from './check-credentials.ts';

describe('checkCredentials', () => {
  const token = { token: 's3cret-token-value' };
  it('lets everything through when nothing is configured', () => {
    expect(checkCredentials({}, {})).toBe(true);
  });
  it('accepts a bearer token, a ?token= and the session cookie, and nothing else', () => {
    expect(checkCredentials(token, { authorization: 'Bearer s3cret-token-value' })).toBe(true);
    expect(checkCredentials(token, { queryToken: 's3cret-token-value' })).toBe(true);
    expect(checkCredentials(token, { cookieToken: sessionValue(token) })).toBe(true);
    expect(checkCredentials(token, {})).toBe(false);
    expect(checkCredentials(token, { authorization: 'Bearer wrong' })).toBe(false);
    expect(checkCredentials(token, { authorization: 'Bearer s3cret-token-valu' })).toBe(false);
    expect(checkCredentials(token, { queryToken: '' })).toBe(false);
    // The raw token is not a valid cookie: the cookie is derived from it.
    expect(checkCredentials(token, { cookieToken: 's3cret-token-value' })).toBe(false);
  });
  it('accepts basic auth when configured', () => {
    const basic = { basicAuth: { user: 'ops', password: 'correct horse' } };
    const header = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;
    expect(checkCredentials(basic, { authorization: header('ops:correct horse') })).toBe(true);
    expect(checkCredentials(basic, { authorization: header('ops:wrong') })).toBe(false);
    expect(checkCredentials(basic, { authorization: 'Bearer correct horse' })).toBe(false);
  });
  it('compares strings of any length', () => {
    expect(safeEqual('a', 'a')).toBe(true);
    expect(safeEqual('a', 'ab')).toBe(false);
  });
  it('reads cookies', () => {
    expect(readCookie('a=1; fl_session=abc%3D; b=2', 'fl_session')).toBe('abc=');
    expect(readCookie(undefined, 'x')).toBeUndefined();
  });
});
