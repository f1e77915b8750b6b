import { parseArgs } from 'node:util';
import type { ParseArgsOptions } from '../cli-help.ts';
import type { Redis } from 'ioredis';
import { createRedis } from '@faultline/shared/queue';
import type { StackNames } from '../bench/stack-config.ts';
import { runPipeline, type RunContext } from '../bench/run-pipeline.ts';
import { sampleProcess, round } from '../bench/proc-stats.ts';

// `faultline bench soak --minutes M --rate R [--inject]`: realistic traffic (distinct real-text
// stories through a local feed server and the poller, or injected into news.raw) through the
// whole stack for M minutes; prints memory per service (RSS at the end of warm-up and at the
// end, heap used from each service's /metrics), Redis key count and memory of the stack (and by
// key shape near the end, with bytes per item), lost items and duplicate alerts. Growth after warm-up that does not level off means unbounded state.

export const summary = 'soak test: memory, Redis keys and delivery over M minutes at R items/s';

/** Its options (also what `--help` lists). */
export const options = {
  minutes: { type: 'string', default: '20' },
  rate: { type: 'string', default: '200' },
  inject: { type: 'boolean', default: false },
  warmup: { type: 'string', default: '60' },
} satisfies ParseArgsOptions;

interface Sample {
  at: number;
  rss: Record<string, number>;
  heap: Record<string, number | null>;
  keys: number;
  /** Keys by shape (ids replaced by *), to see which kind grows. */
  keyKinds: Record<string, number>;
  redisMemMb: number;
}

/** A key's shape: stack prefix dropped, segments with digits replaced by `*`. */
export function keyKind(key: string, names: Pick<StackNames, 'id' | 'keyPrefix'>): string {
  return key
    .replace(names.keyPrefix, '')
    .replace(`bull:${names.id}-`, 'bull:')
    .split(':')
    .map((seg) => (/\d/.test(seg) ? '*' : seg))
    .join(':');
}

async function scanStack(
  redis: Redis,
  names: Pick<StackNames, 'id' | 'keyPrefix'>,
  onKeys: (keys: string[]) => Promise<void> | void,
): Promise<void> {
  for (const pattern of [`${names.keyPrefix}*`, `bull:${names.id}-*`]) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await onKeys(keys);
    } while (cursor !== '0');
  }
}

/** The stack's keys counted by shape. */
async function keyKinds(redis: Redis, names: StackNames): Promise<Record<string, number>> {
  const kinds: Record<string, number> = {};
  await scanStack(redis, names, (keys) => {
    for (const key of keys) {
      const kind = keyKind(key, names);
      kinds[kind] = (kinds[kind] ?? 0) + 1;
    }
  });
  return kinds;
}

/**
 * Redis memory of the stack by key shape (MEMORY USAGE, exact: SAMPLES 0), largest first, kinds
 * under 0.05 MB left out, with bytes per item produced so far (every item is still inside the
 * retention windows of a soak). Taken once near the end of the run: it walks every key.
 */
export async function memoryByKind(
  redis: Redis,
  names: Pick<StackNames, 'id' | 'keyPrefix'>,
  items: number,
): Promise<Record<string, { keys: number; mb: number; bytesPerItem: number }>> {
  const bytes = new Map<string, { keys: number; bytes: number }>();
  await scanStack(redis, names, async (keys) => {
    const pipe = redis.pipeline();
    for (const key of keys) pipe.memory('USAGE', key, 'SAMPLES', 0);
    const sizes = (await pipe.exec()) ?? [];
    keys.forEach((key, i) => {
      const name = keyKind(key, names);
      const kind = bytes.get(name) ?? { keys: 0, bytes: 0 };
      kind.keys++;
      kind.bytes += Number(sizes[i]?.[1] ?? 0);
      bytes.set(name, kind);
    });
  });
  return Object.fromEntries(
    [...bytes]
      .sort((a, b) => b[1].bytes - a[1].bytes)
      .filter(([, k]) => k.bytes >= 0.05 * 2 ** 20)
      .map(([kind, k]) => [
        kind,
        {
          keys: k.keys,
          mb: round(k.bytes / 2 ** 20, 2),
          bytesPerItem: Math.round(k.bytes / Math.max(1, items)),
        },
      ]),
  );
}

async function heapMb(url: string): Promise<number | null> {
  try {
    const text = await (
      await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(2000) })
    ).text();
    const m = /^faultline_nodejs_heap_size_used_bytes(?:\{[^}]*\})?\s+([\d.e+]+)/m.exec(text);
    return m ? round(Number(m[1]) / 2 ** 20) : null;
  } catch {
    return null;
  }
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options,
  });
  const minutes = Number(values.minutes);
  const rate = Number(values.rate);
  const warmupS = Number(values.warmup);
  if (!(minutes > 0) || !(rate > 0)) {
    process.stderr.write('usage: faultline bench soak --minutes M --rate R [--inject]\n');
    return 2;
  }
  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { name: 'soak' });
  const samples: Sample[] = [];
  let startedAt = 0;
  const memMb = async () => {
    const info = await redis.info('memory');
    return round(Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0) / 2 ** 20);
  };
  let byKind: {
    t: number;
    produced: number;
    kinds: Awaited<ReturnType<typeof memoryByKind>>;
  } | null = null;
  const onTick = async (ctx: RunContext) => {
    const now = Date.now();
    startedAt ||= now;
    if (!byKind && now - startedAt >= minutes * 60_000 - 20_000) {
      const produced = ctx.produced();
      const kinds = await memoryByKind(redis, ctx.names, produced);
      byKind = { t: Math.round((now - startedAt) / 1000), produced, kinds };
    }
    const last = samples.at(-1);
    if (last && now - last.at < 10_000) return;
    const rss: Record<string, number> = {};
    for (const [name, pid] of Object.entries(ctx.stack.supervisor.pids())) {
      const s = sampleProcess(pid);
      if (s) rss[name] = round(s.rssMb);
    }
    const kinds = await keyKinds(redis, ctx.names);
    samples.push({
      at: now,
      rss,
      heap: Object.fromEntries(
        await Promise.all(
          Object.keys(ctx.stack.ports).map(
            async (n) => [n, await heapMb(ctx.stack.url(n))] as const,
          ),
        ),
      ),
      keys: Object.values(kinds).reduce((a, b) => a + b, 0),
      keyKinds: kinds,
      redisMemMb: await memMb(),
    });
  };
  try {
    const result = await runPipeline({
      mode: values.inject ? 'inject' : 'feed',
      rate,
      durationS: minutes * 60,
      drainS: 60,
      onTick,
    });
    const afterWarmup = samples.find((s) => s.at - startedAt >= warmupS * 1000) ?? samples[0];
    const end = samples.at(-1);
    const services: Record<
      string,
      {
        rssStartMb: number;
        rssEndMb: number;
        heapStartMb: number | null;
        heapEndMb: number | null;
      }
    > = {};
    for (const name of Object.keys(end?.rss ?? {}))
      services[name] = {
        rssStartMb: afterWarmup?.rss[name] ?? 0,
        rssEndMb: end?.rss[name] ?? 0,
        heapStartMb: afterWarmup?.heap[name] ?? null,
        heapEndMb: end?.heap[name] ?? null,
      };
    console.log(
      JSON.stringify({
        minutes,
        rate,
        mode: result.mode,
        warmupS,
        produced: result.produced,
        itemsPerSec: result.itemsPerSec,
        services,
        lost: result.lost,
        // Of the lost, items the cleaner rightly grouped into an earlier item's story (a
        // near-copy: one alert per story), and whether every other item was delivered.
        lostGrouped: result.lostGrouped,
        drained: result.drained,
        duplicates: result.duplicates,
        redisKeysStart: afterWarmup?.keys ?? 0,
        redisKeysEnd: end?.keys ?? 0,
        redisMemStartMb: afterWarmup?.redisMemMb ?? 0,
        redisMemEndMb: end?.redisMemMb ?? 0,
        keyKindsStart: afterWarmup?.keyKinds ?? {},
        keyKindsEnd: end?.keyKinds ?? {},
        // Memory by key shape ~20 s before the end of the load (kinds >= 0.05 MB).
        redisMemByKind: byKind,
        p99Ms: result.p99Ms,
        samples: samples.map((s) => ({
          t: Math.round((s.at - startedAt) / 1000),
          keys: s.keys,
          rss: s.rss,
          heap: s.heap,
        })),
      }),
    );
    return 0;
  } finally {
    redis.disconnect();
  }
}
