import { describe, it, expect } from 'vitest';
import { authHeader, authFromFlags } from './feed-auth.ts';
import { FeedAuth } from './feed-config.ts';

describe('feed logins', () => {
  const env = { FEED_X_TOKEN: 'tok-123', FEED_X_PASS: 'p@ss', FEED_X_USER: 'bob' };
  it('makes the header from the environment at fetch time', () => {
    expect(authHeader({ type: 'bearer', token: 'env:FEED_X_TOKEN' }, env)).toEqual({
      ok: true,
      value: 'Bearer tok-123',
    });
    expect(
      authHeader({ type: 'basic', username: 'alice', password: 'env:FEED_X_PASS' }, env),
    ).toEqual({ ok: true, value: `Basic ${Buffer.from('alice:p@ss').toString('base64')}` });
    expect(
      authHeader({ type: 'basic', username: 'env:FEED_X_USER', password: 'env:FEED_X_PASS' }, env),
    ).toEqual({ ok: true, value: `Basic ${Buffer.from('bob:p@ss').toString('base64')}` });
  });
  it('names a missing variable, never a value', () => {
    expect(authHeader({ type: 'bearer', token: 'env:NOPE' }, env)).toEqual({
      ok: false,
      error: 'login: NOPE is not set in the environment',
    });
  });
  it('refuses a secret given in clear', () => {
    expect(FeedAuth.safeParse(authFromFlags('tok-123')).success).toBe(false);
    expect(FeedAuth.safeParse(authFromFlags(undefined, 'alice:hunter2')).success).toBe(false);
    expect(FeedAuth.parse(authFromFlags(undefined, 'alice:env:FEED_X_PASS'))).toEqual({
      type: 'basic',
      username: 'alice',
      password: 'env:FEED_X_PASS',
    });
  });
});
