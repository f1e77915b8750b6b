import { parseArgs } from 'node:util';
import type { ParseArgsOptions } from '../cli-help.ts';
import { Worker as Thread } from 'node:worker_threads';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { loadConfig } from '@faultline/shared/config';
import { createRedis } from '@faultline/shared/queue';
import { createLogger } from '@faultline/shared/log';
import { dlqQueue } from '@faultline/shared/topics';
import {
  AlerterConfig,
  AlerterSection,
  matchRules,
  buildAlert,
  parseRulesYaml,
  createEnqueuer,
  startDeliveryWorkers,
} from '@faultline/alerter';
import { syntheticItem } from '@faultline/alerter/testing';
import { alertKeyFor } from '@faultline/shared/ids';

export const summary =
  'benchmark signed webhook delivery through BullMQ to a local receiver, beside a plain BullMQ no-op baseline';

/** Its options (also what `--help` lists). */
export const options = {
  alerts: { type: 'string', default: '20000' },
  concurrency: { type: 'string', default: '100' },
  'timeout-s': { type: 'string', default: '180' },
} satisfies ParseArgsOptions;

const RECEIVER = fileURLToPath(
  new URL('../../../alerter/src/testing/receiver-thread.ts', import.meta.url),
);

type Msg = {
  type: string;
  url?: string;
  n?: number;
  received?: Array<[string, number]>;
  badSignatures?: number;
};

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options,
  });
  const n = Number(values.alerts);
  const concurrency = Number(values.concurrency);
  const base = loadConfig(AlerterConfig);
  const log = createLogger({ service: 'bench', level: 'warn', destination: process.stderr });
  const redis = createRedis(base.redis.url, { forBullmq: true, name: 'bench-deliver' });
  const connection = redis as unknown as ConnectionOptions;
  const tag = `bench-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  const queues: string[] = [];
  try {
    const baseline = await runBaseline(connection, `${tag}-noop`, n, concurrency, queues);

    // The thread registers tsx itself (a worker's execArgv cannot load .ts on Node 20).
    const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
      .then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(RECEIVER).href)}); })`;
    const thread = new Thread(boot, { eval: true, workerData: { secret } });
    const messages: Msg[] = [];
    const waiters: Array<(m: Msg) => void> = [];
    thread.on('message', (m: Msg) => (waiters.shift() ?? ((x: Msg) => messages.push(x)))(m));
    const next = () =>
      new Promise<Msg>((r) => (messages.length ? r(messages.shift()!) : waiters.push(r)));
    const { url } = await next();

    const config = AlerterSection.parse({
      redisPrefix: `${tag}:`,
      queues: { slack: `${tag}-slack`, webhook: `${tag}-webhook` },
      allowPrivateDestinations: true,
      destinations: {
        bench: {
          type: 'webhook',
          url: `${url}/hook`,
          secrets: [secret],
          maxPerSecond: 1e6,
          timeoutMs: 5000,
        },
      },
      delivery: { attempts: 5, backoffMs: 200, concurrency },
    });
    queues.push(config.queues.slack, config.queues.webhook);
    const parsed = parseRulesYaml(
      'rules:\n  - {id: bench, channels: [bench], match: {minScore: 0.1}}',
    );
    if (!parsed.ok) throw new Error(parsed.errors.join());
    const item = syntheticItem(0);
    const match = matchRules(item, parsed.rules)[0]!;
    const enqueuer = createEnqueuer(
      connection,
      config.queues,
      () => config.destinations,
      config.delivery,
      () => {},
    );
    const workers = startDeliveryWorkers({ connection, redis, config, log });
    const enqueuedAt = new Map<string, number>();
    const started = Date.now();
    for (let i = 0; i < n; i += 500) {
      await Promise.all(
        Array.from({ length: Math.min(500, n - i) }, async (_, j) => {
          const storyId = `s_bench${String(i + j).padStart(8, '0')}`;
          const alertKey = alertKeyFor('bench', storyId, 0);
          const alert = buildAlert(
            { ...item, storyId },
            match,
            { alertKey, isUpdate: false, reason: 'bench' },
            new Date(),
          );
          enqueuedAt.set(`${alertKey}-bench`, Date.now());
          await enqueuer.enqueue(alert);
        }),
      );
    }
    const deadline = Date.now() + Number(values['timeout-s']) * 1000;
    for (;;) {
      thread.postMessage({ type: 'count' });
      const { n: got = 0 } = await next();
      if (got >= n || Date.now() > deadline) break;
      await sleep(100);
    }
    const elapsedMs = Date.now() - started;
    await sleep(300); // let any duplicate arrive before counting
    thread.postMessage({ type: 'report' });
    const report = await next();
    await workers.close();
    await enqueuer.close();
    await thread.terminate();

    const counts = new Map<string, number>();
    const latencies: number[] = [];
    let lastAt = started;
    for (const [id, at] of report.received ?? []) {
      const c = (counts.get(id) ?? 0) + 1;
      counts.set(id, c);
      const sent = enqueuedAt.get(id);
      if (c === 1 && sent !== undefined) latencies.push(at - sent);
      lastAt = Math.max(lastAt, at);
    }
    latencies.sort((a, b) => a - b);
    const delivered = [...enqueuedAt.keys()].filter((id) => counts.has(id)).length;
    console.log(
      JSON.stringify({
        alerts: n,
        deliveriesPerSec: Math.round((delivered / Math.max(1, lastAt - started)) * 1000),
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        duplicates: [...counts.values()].reduce((s, c) => s + c - 1, 0),
        lost: n - delivered,
        badSignatures: report.badSignatures ?? 0,
        elapsedMs,
        concurrency,
        baseline: { what: 'plain BullMQ, no-op processor, same Redis', ...baseline },
      }),
    );
    return 0;
  } finally {
    for (const name of queues)
      for (const q of [name, dlqQueue(name)]) {
        const queue = new Queue(q, { connection });
        await queue.obliterate({ force: true }).catch(() => undefined);
        await queue.close();
      }
    const keys = await redis.keys(`${tag}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  }
}

/** Plain BullMQ: add n jobs in bulk and process them with a no-op, jobs/s end to end. */
async function runBaseline(
  connection: ConnectionOptions,
  name: string,
  n: number,
  concurrency: number,
  queues: string[],
) {
  queues.push(name);
  const queue = new Queue(name, { connection });
  let done = 0;
  const worker = new Worker(name, async () => undefined, {
    connection,
    concurrency,
    removeOnComplete: { count: n },
  });
  worker.on('completed', () => void done++);
  const started = Date.now();
  for (let i = 0; i < n; i += 1000)
    await queue.addBulk(
      Array.from({ length: Math.min(1000, n - i) }, (_, j) => ({
        name: 'noop',
        data: { i: i + j },
        opts: { jobId: `noop-${i + j}` },
      })),
    );
  while (done < n) await sleep(20);
  const ms = Date.now() - started;
  await worker.close();
  await queue.close();
  return { jobs: n, jobsPerSec: Math.round((n / ms) * 1000) };
}
