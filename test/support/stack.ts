import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { feedIdFor } from '@faultline/shared/ids';
import { createRedis } from '@faultline/shared/queue';
import {
  startStack,
  waitReady,
  type ServiceName,
  type Stack,
} from '../../services/cli/src/up/stack.ts';
import {
  isolatedStackConfig,
  stackNames,
  type StackConfigOptions,
  type StackNames,
} from '../../services/cli/src/bench/stack-config.ts';
import { deleteStackKeys } from '../../services/cli/src/bench/cleanup-stack.ts';
import { FeedStore } from '@faultline/shared/state/feed-registry';
import { REDIS_URL } from './brokers.ts';

// One isolated stack per test file (or per chaos scenario): unique topics, groups, Redis keys
// and queues, every service a separate process under the supervisor.

export const TEST_SECRET =
  'whsec_' + Buffer.from('e2e-chaos-secret-32-bytes-long!!').toString('base64');

export interface TestStack {
  names: StackNames;
  stack: Stack;
  /** Logs written by a service so far (all restarts). */
  logs(name: string): string;
  /** Makes a configured feed due now (the poller claims due feeds every ~0.5 s). */
  pollNow(feedUrl: string): Promise<void>;
  /** Polls /readyz once: true when 200. */
  isReady(name: string): Promise<boolean>;
  stop(): Promise<void>;
}

export async function startTestStack(
  options: StackConfigOptions & {
    services: ServiceName[];
    label?: string;
    partitions?: number;
    extraReplicas?: Partial<Record<ServiceName, number>>;
    readyTimeoutMs?: number;
  },
): Promise<TestStack> {
  const names = stackNames(options.label ?? 'e2e');
  const config = isolatedStackConfig(names, options);
  const stack = await startStack({
    config,
    services: options.services,
    ...(options.partitions ? { partitions: options.partitions } : {}),
    ...(options.extraReplicas ? { extraReplicas: options.extraReplicas } : {}),
  });
  const redis: Redis = createRedis(options.redisUrl ?? REDIS_URL, { name: 'test-stack' });
  redis.on('error', () => undefined); // chaos tests stop Redis on purpose
  const store = new FeedStore(redis, names.keyPrefix);
  const ready = Promise.all(
    Object.keys(stack.ports).map((n) => waitReady(stack, n, options.readyTimeoutMs ?? 90_000)),
  );
  try {
    await ready;
  } catch (err) {
    await stack.stop();
    redis.disconnect();
    throw err;
  }
  return {
    names,
    stack,
    logs: (name) => {
      try {
        return readFileSync(`${stack.logDir}/${name}.log`, 'utf8');
      } catch {
        return '';
      }
    },
    pollNow: (feedUrl) => store.reschedule(feedIdFor(feedUrl), Date.now()),
    async isReady(name) {
      try {
        const res = await fetch(`${stack.url(name)}/readyz`, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        return res.ok;
      } catch {
        return false;
      }
    },
    async stop() {
      await stack.stop();
      await deleteStackKeys(redis, names).catch(() => undefined);
      redis.disconnect();
    },
  };
}

/** The seed document split into its article (title + body) and its junk headline tail. */
export function splitSeed(text: string): {
  title: string;
  body: string;
  tailTitle: string;
  tailBody: string;
} {
  const [title = '', ...lines] = text.split('\n');
  const tail = lines.filter((l) => / -$/.test(l.trim()));
  return {
    title,
    body: lines.join('\n'),
    tailTitle: (tail[0] ?? '').replace(/ -$/, ''),
    tailBody: tail.slice(1).join('\n'),
  };
}
