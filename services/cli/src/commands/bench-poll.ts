import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ParseArgsOptions } from '../cli-help.ts';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '@faultline/shared/config';
import { createKafka, connectProducer } from '@faultline/shared/kafka';
import { createRedis } from '@faultline/shared/queue';
import { createLogger } from '@faultline/shared/log';
import { closeAgents } from '@faultline/shared/net';
import { PollerConfig, PollerOptions, toFeedDef, Poller } from '@faultline/poller';
import { FeedStore } from '@faultline/shared/state/feed-registry';

export const summary =
  'benchmark polling N local feeds (--feeds 10000) where most answer 304: fetches/s, CPU s per 1,000 fetches, Redis/Kafka calls per fetch, vs unconditional GET';

/** Its options (also what `--help` lists). */
export const options = {
  feeds: { type: 'string', default: '10000' },
  concurrency: { type: 'string', default: '64' },
} satisfies ParseArgsOptions;

// Production code end to end (claim Lua, safeFetch, parseFeed, seen store, idempotent producer)
// against a feed server in a child process. Pass 1 fills validators and seen state; pass 2 is the
// steady state (conditional GET, mostly 304); pass 3, the alternative, drops the validators so
// every fetch downloads and parses the feed.

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options,
  });
  const n = Number(values.feeds);
  const concurrency = Number(values.concurrency);
  const config = loadConfig(PollerConfig);
  const log = createLogger({ service: 'bench-poll', level: 'silent' });
  const tag = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const prefix = `bench-poll-${tag}:`;
  const topic = `bench-poll-${tag}`;

  const serverFile = fileURLToPath(
    new URL('../../../poller/src/bench/feed-server.ts', import.meta.url),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', serverFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  const { port } = JSON.parse(line.toString()) as { port: number };

  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'bench-poll', log });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
  });
  const producer = await connectProducer(kafka);
  const redis = createRedis(config.redis.url, { name: 'bench-poll' });
  const store = new FeedStore(redis, prefix);
  const pollerOptions = PollerOptions.parse({
    allowHosts: ['127.0.0.1'],
    keyPrefix: prefix,
    topic,
    concurrency,
    perHostConcurrency: concurrency,
    jitter: 0,
  });
  try {
    const defs = Array.from({ length: n }, (_, i) =>
      toFeedDef({ url: `http://127.0.0.1:${port}/f/${i}`, tags: [] }, 'config', 60),
    );
    const ids = defs.map((def) => def.id);
    await store.upsertMany(defs);

    // CPU of the Redis server (Lua claims run there); the server is shared, so other clients count too.
    const redisCpuSeconds = async () => {
      const info = await redis.info('cpu');
      const num = (k: string) => Number(new RegExp(`${k}:([\\d.]+)`).exec(info)?.[1] ?? 0);
      return num('used_cpu_user') + num('used_cpu_sys');
    };
    const pass = async () => {
      const poller = new Poller({
        store,
        producer,
        topic,
        options: pollerOptions,
        log,
        idleMs: 10,
      });
      const statuses: Record<string, number> = {};
      poller['deps'].hooks = {
        onFetch: (_d, o) =>
          void (statuses[o.kind === 'error' ? 'error' : String(o.status)] =
            (statuses[String(o.kind === 'error' ? 'error' : o.status)] ?? 0) + 1),
      };
      const calls0 = store.calls;
      const redisCpu0 = await redisCpuSeconds();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      poller.start();
      while (poller.counters.fetches < n) await new Promise((r) => setTimeout(r, 20));
      await poller.stop();
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const cpuS = (cpu.user + cpu.system) / 1e6;
      const redisCpuS = (await redisCpuSeconds()) - redisCpu0;
      const f = poller.counters.fetches;
      return {
        fetches: f,
        seconds: round(seconds),
        fetchesPerS: round(f / seconds),
        cpuSecondsPer1000: round((cpuS / f) * 1000, 4),
        redisCallsPerFetch: round((store.calls - calls0) / f, 3),
        redisServerCpuSecondsPer1000: round((redisCpuS / f) * 1000, 4),
        kafkaCallsPerFetch: round(poller.counters.kafkaCalls / f, 3),
        itemsProduced: poller.counters.produced,
        statuses,
        coresFor1MinCadence: round(((cpuS / f) * n) / 60, 3),
      };
    };
    const initial = await pass();
    await store.makeDue(ids);
    const conditional = await pass();
    await store.forgetValidators(ids);
    await store.makeDue(ids);
    const unconditional = await pass();
    console.log(
      JSON.stringify({
        feeds: n,
        concurrency,
        steadyState: conditional,
        alternative: {
          name: 'unconditional GET (no ETag/Last-Modified): download + parse every time',
          ...unconditional,
        },
        initialPass: initial,
        note: 'CPU is the poller process only (feed server in a child process); redisServerCpu is the shared Redis server over the pass (other clients included); Redis calls are round trips (a claim batch counts once)',
      }),
    );
    return 0;
  } finally {
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    const keys = await redis.keys(`${prefix}*`);
    for (let i = 0; i < keys.length; i += 1000) await redis.del(...keys.slice(i, i + 1000));
    redis.disconnect();
    await closeAgents();
    child.kill('SIGTERM');
  }
}

const round = (x: number, d = 2) => Number(x.toFixed(d));
