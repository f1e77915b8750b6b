import type { Redis } from 'ioredis';
import {
  ApiTokenRecord,
  newToken,
  tokenIdOf,
  tokenMatches,
  hashToken,
  type Principal,
  type Role,
} from './api-token-record.ts';

export {
  ApiTokenRecord,
  Role,
  ROLES,
  allows,
  publicRecord,
  type Principal,
} from './api-token-record.ts';

// Per-user API tokens (roles viewer, operator, admin), written by `faultline tokens` and the
// dashboard's admin API, read by the dashboard on every request that presents one.
//   <prefix>auth:tokens   HASH  token id -> ApiTokenRecord (JSON; the token's SHA-256, never the token)
// Retention: a revoked token's record is kept (revokedAt/By) so the audit log can still name it;
// there is one per token ever issued (~300 B each).

export const tokensKey = (prefix = 'faultline:'): string => `${prefix}auth:tokens`;

export interface TokenStore {
  /** Issues a token; the clear token is returned once and stored nowhere. */
  add(input: {
    user: string;
    role: Role;
    by: string;
    note?: string | undefined;
  }): Promise<{ token: string; record: ApiTokenRecord }>;
  list(): Promise<ApiTokenRecord[]>;
  /** Marks the token revoked; false when there is no such (active) token. */
  revoke(id: string, by: string): Promise<boolean>;
  /** The principal a presented token stands for, or null (unknown, wrong or revoked). */
  verify(token: string): Promise<(Principal & { record: ApiTokenRecord }) | null>;
  get(id: string): Promise<ApiTokenRecord | null>;
  /** Whether any token is active (then the dashboard asks every visitor to sign in). */
  anyActive(): Promise<boolean>;
}

function decode(raw: string | null | undefined): ApiTokenRecord | null {
  if (!raw) return null;
  try {
    const r = ApiTokenRecord.safeParse(JSON.parse(raw));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export function createTokenStore(redis: Redis, prefix = 'faultline:'): TokenStore {
  const key = tokensKey(prefix);
  const store: TokenStore = {
    async add({ user, role, by, note }) {
      const { id, token } = newToken();
      const record = ApiTokenRecord.parse({
        id,
        user,
        role,
        hash: hashToken(token),
        createdAt: new Date().toISOString(),
        createdBy: by,
        ...(note ? { note } : {}),
      });
      // HSETNX: a 48-bit id collision is vanishingly rare, but never overwrites a record.
      if (!(await redis.hsetnx(key, id, JSON.stringify(record))))
        return store.add({ user, role, by, ...(note ? { note } : {}) });
      return { token, record };
    },
    async list() {
      const all = await redis.hgetall(key);
      return Object.values(all)
        .flatMap((raw) => {
          const r = decode(raw);
          return r ? [r] : [];
        })
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    },
    async revoke(id, by) {
      const record = await store.get(id);
      if (!record || record.revokedAt) return false;
      const revoked = { ...record, revokedAt: new Date().toISOString(), revokedBy: by };
      await redis.hset(key, id, JSON.stringify(revoked));
      return true;
    },
    async verify(token) {
      const id = tokenIdOf(token);
      if (!id) return null;
      const record = await store.get(id);
      if (!record || !tokenMatches(record, token)) return null;
      return { user: record.user, role: record.role, tokenId: record.id, record };
    },
    async get(id) {
      return decode(await redis.hget(key, id));
    },
    async anyActive() {
      return (await store.list()).some((r) => !r.revokedAt);
    },
  };
  return store;
}
