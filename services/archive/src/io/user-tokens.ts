import type { Redis } from 'ioredis';
import { createTokenStore } from '@faultline/shared/state/api-tokens';
import type { UserTokens } from '../api/request.ts';

// The per-user API tokens the dashboard issues (shared state api-tokens), as the archive API
// checks them. Redis is asked only while its connection is up: with Redis away a user token is
// refused at once (the shared token still works) and "are tokens required" keeps its last answer.

export function createUserTokens(redis: Redis, prefix: string, cacheMs = 5000): UserTokens {
  const store = createTokenStore(redis, prefix);
  let any: { at: number; value: boolean } | null = null;
  return {
    async verify(token) {
      if (redis.status !== 'ready') return null;
      const found = await store.verify(token);
      return found ? { tokenId: found.record.id } : null;
    },
    async anyActive() {
      const now = Date.now();
      if (redis.status === 'ready' && (!any || now - any.at >= cacheMs))
        any = { at: now, value: await store.anyActive().catch(() => any?.value ?? false) };
      return any?.value ?? false;
    },
  };
}
