import { describe, it, expect } from 'vitest';
import {
  ApiTokenRecord,
  allows,
  hashToken,
  newToken,
  publicRecord,
  tokenIdOf,
  tokenMatches,
} from './api-token-record.ts';

const recordFor = (token: string, id: string) =>
  ApiTokenRecord.parse({
    id,
    user: 'otto',
    role: 'operator',
    hash: hashToken(token),
    createdAt: new Date().toISOString(),
    createdBy: 'test',
  });

describe('API token records', () => {
  it('issues 256-bit tokens naming their record, stored only as a hash', () => {
    const { id, token } = newToken();
    expect(token).toMatch(/^flt_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(tokenIdOf(token)).toBe(id);
    expect(tokenIdOf('the-shared-token')).toBeNull();
    expect(newToken().token).not.toBe(token);
    const r = recordFor(token, id);
    expect(JSON.stringify(r)).not.toContain(token.slice(18));
    expect(publicRecord(r)).not.toHaveProperty('hash');
  });

  it('matches only the token itself, and never once revoked', () => {
    const { id, token } = newToken();
    const r = recordFor(token, id);
    expect(tokenMatches(r, token)).toBe(true);
    expect(tokenMatches(r, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    expect(tokenMatches({ ...r, revokedAt: new Date().toISOString() }, token)).toBe(false);
  });

  it('orders the roles viewer < operator < admin', () => {
    expect(allows('admin', 'operator')).toBe(true);
    expect(allows('operator', 'operator')).toBe(true);
    expect(allows('operator', 'admin')).toBe(false);
    expect(allows('viewer', 'operator')).toBe(false);
  });
});
