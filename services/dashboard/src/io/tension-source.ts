import type { Redis } from 'ioredis';
import type { DashboardConfig } from '../config.ts';
import type { TensionSource } from './sources.ts';

// The tension index per dyad and the top entities, from the analyzer's trend store
// (services/analyzer/src/io). PENDING until that store lands.

export function createTensionSource(_redis: Redis, _config: DashboardConfig): TensionSource {
  return {
    async readTension() {
      throw new Error('analyzer trend store not available yet');
    },
  };
}
