import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

// Per-user API tokens, the record and the token format, without Redis (api-tokens.ts stores
// them), so a pure core may check roles. A token is `flt_<id>_<secret>`: `id` (12 hex) names
// its record, `secret` is 32 random bytes (base64url, 256 bits). Only the SHA-256 of the whole
// token is stored: with that much entropy a fast hash is enough (no dictionary to guess from),
// and a leaked store gives no usable token. Checks compare hashes in constant time.

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** viewer: read; operator: pause feeds, replay DLQs, mutes; admin: tokens too. */
export const ROLE_RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };
export const allows = (have: Role, need: Role): boolean => ROLE_RANK[have] >= ROLE_RANK[need];

export const ApiTokenRecord = z.object({
  id: z.string().regex(/^[0-9a-f]{12}$/),
  /** Who the token is for (a person or a system); named in the audit log. */
  user: z.string().min(1).max(100),
  role: Role,
  /** SHA-256 (hex) of the whole token. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
  createdBy: z.string(),
  note: z.string().max(200).optional(),
  revokedAt: z.string().optional(),
  revokedBy: z.string().optional(),
});
export type ApiTokenRecord = z.infer<typeof ApiTokenRecord>;

/** What a token identifies: a user with a role (the shared dashboard token is an admin). */
export interface Principal {
  user: string;
  role: Role;
  /** The token's id; absent for the shared token and basic auth. */
  tokenId?: string;
}

const TOKEN = /^flt_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export const hashToken = (token: string): string =>
  createHash('sha256').update(token, 'utf8').digest('hex');

/** A new token and its id; the caller stores only hashToken(token). */
export function newToken(): { id: string; token: string } {
  const id = randomBytes(6).toString('hex');
  return { id, token: `flt_${id}_${randomBytes(32).toString('base64url')}` };
}

/** The record id a presented token names, or null when it is not a per-user token. */
export function tokenIdOf(token: string): string | null {
  return TOKEN.exec(token)?.[1] ?? null;
}

/** Constant-time: does `token` hash to the record's hash? (Revocation is checked too.) */
export function tokenMatches(record: ApiTokenRecord, token: string): boolean {
  const a = Buffer.from(hashToken(token), 'hex');
  const b = Buffer.from(record.hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b) && record.revokedAt === undefined;
}

/** A record as listed: never its hash. */
export function publicRecord(r: ApiTokenRecord): Omit<ApiTokenRecord, 'hash'> {
  const { hash: _hash, ...rest } = r;
  return rest;
}
