import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Admin, Producer } from 'kafkajs';
import { createKafka, connectProducer, type KafkaCompression } from '@faultline/shared/kafka';
import { createLogger } from '@faultline/shared/log';
import { injectItems } from './inject.ts';
import { scheduleRebalance, type RebalanceReport } from './rebalance.ts';
import { startStack, waitReady, type ServiceName, type Stack } from '../up/stack.ts';
import {
  isolatedStackConfig,
  stackNames,
  writeBenchRules,
  type StackNames,
} from './stack-config.ts';
import { createItemSource } from './synthetic-items.ts';
import { startAlertSink, percentile, type AlertSink } from './alert-sink.ts';
import { trackStageLatency } from './stage-latency.ts';
import { trackStageOffsets, type StageRate } from './stage-offsets.ts';
import {
  cpuMsPerItem,
  cpuSnapshot,
  createProcTracker,
  localBrokerPid,
  localRedisPid,
  redisCpuSeconds,
  round,
  type CpuPerItem,
} from './proc-stats.ts';
import { deleteStackKeys, deleteStackTopics } from './cleanup-stack.ts';
import { createRedis } from '@faultline/shared/queue';
import { startBenchFeeds, type BenchFeeds } from './bench-feeds.ts';

// One load run on a whole isolated stack: items enter either through a local feed server and
// the poller ("feed") or straight into news.raw ("inject"); every item is its own story and a
// catch-all rule sends each to a local signed-webhook receiver. Reports throughput per stage,
// first-seen -> delivered latency, CPU and RSS per service process, lost items and duplicates.

export { writeBenchRules };

export const BENCH_SECRET =
  'whsec_' + Buffer.from('faultline-bench-secret-32-bytes!').toString('base64');

export interface PipelineOptions {
  mode: 'feed' | 'inject';
  rate: number;
  durationS: number;
  /**
   * Seconds of the same load before the measured window (default 0). Their items count for lost
   * and duplicates, not for latency: a service months into its life has long left its first
   * seconds (JIT, first connections, model load) behind.
   */
  warmupS?: number;
  analyzers?: number;
  cleaners?: number;
  partitions?: number;
  /** kafka.compression for every producer of the stack and the bench's own (default none). */
  compression?: KafkaCompression;
  /**
   * Seconds into the load at which the last replica of each stage that runs more than one
   * (analyzer-N, cleaner-N) is stopped with SIGTERM; the supervisor starts it again at once, so
   * its group rebalances twice (a member leaves, then joins) while items flow.
   */
  rebalanceAtS?: number;
  /** Give up waiting for the pipeline to drain after this long. */
  drainS?: number;
  /** Called every second while items flow (soak sampling). */
  onTick?: (ctx: RunContext) => void | Promise<void>;
}

export interface RunContext {
  stack: Stack;
  names: StackNames;
  sink: AlertSink;
  produced: () => number;
}

export interface PipelineResult {
  mode: string;
  rate: number;
  durationS: number;
  produced: number;
  itemsPerSec: number;
  /** Latency percentiles below cover items first seen after the warm-up. */
  warmup: { s: number; items: number; p99Ms: number };
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  lost: number;
  duplicates: number;
  /** Of the lost items, those the cleaner placed in an earlier item's story (no own alert). */
  lostGrouped: number;
  /** How duplicates arrived (first 20), to tell an HTTP retry from a second job. */
  repeats: AlertSink['repeats'];
  /** Every item was delivered or grouped before progress stopped for drainS. */
  drained: boolean;
  stages: Record<string, StageRate>;
  services: Record<string, { cpuSeconds: number; rssMb: number; rssPeakMb: number }>;
  /**
   * CPU of the Kafka broker and the Redis server over the run, when they run on this machine:
   * whole processes, so any other client's load is included.
   */
  brokers: Record<string, { cpuSeconds: number; rssMb?: number }>;
  /**
   * CPU milliseconds per item over the measured window (warm-up end -> drained), from each
   * process's /proc/<pid>/stat utime + stime delta, divided by the items completed (delivered or
   * grouped) in that window. `total` sums the services, Kafka and Redis; `bench` (feed server,
   * receiver, latency consumers) is shown apart. Kafka and Redis are whole processes: another
   * client of a shared broker adds to their figure.
   */
  cpuMsPerItem: CpuPerItem;
  cpuWindow: { s: number; items: number; restarted: string[] };
  /** The replicas stopped and started again mid-load (rebalanceAtS), with when they were back. */
  rebalance?: RebalanceReport;
}

export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const log = createLogger({ service: 'bench', level: 'warn' });
  const names = stackNames('bench');
  const dir = join(tmpdir(), 'faultline-bench', names.id);
  mkdirSync(dir, { recursive: true });
  const sink = await startAlertSink(BENCH_SECRET);
  const feeds: BenchFeeds | null =
    options.mode === 'feed' ? await startBenchFeeds(options.rate, names.id) : null;
  const services: ServiceName[] = ['cleaner', 'analyzer', 'alerter'];
  if (feeds) services.unshift('poller');
  const stack = await startStack({
    services,
    partitions: options.partitions ?? 3,
    extraReplicas: {
      analyzer: Math.max(0, (options.analyzers ?? 1) - 1),
      cleaner: Math.max(0, (options.cleaners ?? 1) - 1),
    },
    logLevel: 'warn',
    config: isolatedStackConfig(names, {
      feeds: feeds?.feedUrls.map((url) => ({ url, tags: ['bench'], intervalS: 10 })) ?? [],
      rulesFile: writeBenchRules(dir),
      destinations: {
        'bench-webhook': {
          type: 'webhook',
          url: `${sink.url}/webhook`,
          secrets: [BENCH_SECRET],
          maxPerSecond: 100_000,
        },
      },
      extra: {
        alerter: { delivery: { concurrency: 64 } },
        ...(options.compression ? { kafka: { compression: options.compression } } : {}),
      },
    }),
  });
  const kafka = createKafka({
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    clientId: `bench-${names.id}`,
    log,
  });
  const admin: Admin = kafka.admin();
  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    name: 'bench-pipeline',
  });
  let producer: Producer | null = null;
  try {
    await Promise.all(Object.keys(stack.ports).map((n) => waitReady(stack, n, 120_000)));
    await admin.connect();
    const stages = trackStageOffsets(admin, {
      ...(feeds ? { poller: names.topics.raw } : {}),
      cleaner: names.topics.clean,
      analyzer: names.topics.analyzed,
    });
    await stages.start();
    const latency = trackStageLatency(
      kafka,
      {
        ...(feeds ? { poller: names.topics.raw } : {}),
        cleaner: names.topics.clean,
        analyzer: names.topics.analyzed,
      },
      `${names.id}-latency`,
    );
    await latency.start();
    const kafkaPid = localBrokerPid();
    const procs = createProcTracker(() => stack.supervisor.pids());
    const brokerProcs = createProcTracker(() => (kafkaPid ? { kafka: kafkaPid } : {}));
    const redisCpuStart = await redisCpuSeconds(redis);
    const benchStart = process.cpuUsage();
    const redisPid = localRedisPid();
    const windowPids = (): Record<string, number> => ({
      ...stack.supervisor.pids(),
      ...(kafkaPid ? { kafka: kafkaPid } : {}),
      ...(redisPid ? { redis: redisPid } : {}),
      bench: process.pid,
    });

    let produced = 0;
    const ctx: RunContext = { stack, names, sink, produced: () => produced };
    const startedAt = Date.now();
    const warmupS = options.warmupS ?? 0;
    const runS = warmupS + options.durationS;
    // Items delivered, or put in an earlier item's story (no alert of their own, by design).
    const groupedUndelivered = () => {
      let n = 0;
      for (const id of latency.grouped()) if (!sink.items.has(id)) n++;
      return n;
    };
    const completed = () => sink.items.size + groupedUndelivered();
    // The CPU window opens when the warm-up ends (JIT, first connections and tsx's compile stay
    // out of it) and closes when every item is through.
    let windowStart = { at: Date.now(), cpu: cpuSnapshot(windowPids()), completed: 0 };
    const windowTimer = setTimeout(() => {
      windowStart = { at: Date.now(), cpu: cpuSnapshot(windowPids()), completed: completed() };
    }, warmupS * 1000);
    const rebalance =
      options.rebalanceAtS === undefined
        ? null
        : scheduleRebalance(stack.supervisor, options.rebalanceAtS, {
            cleaner: options.cleaners ?? 1,
            analyzer: options.analyzers ?? 1,
          });
    const total = Math.round(options.rate * runS);
    if (feeds) {
      produced = await feeds.publish(
        total,
        runS,
        options.onTick
          ? (sent) => {
              produced = sent;
              return options.onTick!(ctx);
            }
          : undefined,
      );
    } else {
      producer = await connectProducer(kafka, { compression: options.compression ?? 'none' });
      produced = await injectItems(
        producer,
        names.topics.raw,
        createItemSource(names.id),
        { rate: options.rate, durationS: runS },
        (sent) => (produced = sent),
        options.onTick ? () => options.onTick!(ctx) : undefined,
      );
    }
    const sentAt = Date.now();

    // Drain: wait until every item produced an alert or was put in an earlier item's story (no
    // alert of its own, by design), or progress stops.
    const settled = () => completed() >= produced;
    const drainS = options.drainS ?? 60;
    let lastCount = -1;
    let lastChange = Date.now();
    while (!settled() && Date.now() - lastChange < drainS * 1000) {
      if (sink.items.size !== lastCount) {
        lastCount = sink.items.size;
        lastChange = Date.now();
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    clearTimeout(windowTimer);
    const windowEnd = { at: Date.now(), cpu: cpuSnapshot(windowPids()), completed: completed() };
    const windowItems = windowEnd.completed - windowStart.completed;
    const cpuWindow = cpuMsPerItem(windowStart.cpu, windowEnd.cpu, windowItems, ['bench']);
    // A little longer to catch late duplicates.
    await new Promise((r) => setTimeout(r, 2000));
    const services = procs.stop();
    const brokers: PipelineResult['brokers'] = brokerProcs.stop();
    const redisCpuEnd = await redisCpuSeconds(redis);
    if (redisCpuStart !== null && redisCpuEnd !== null)
      brokers.redis = { cpuSeconds: round(redisCpuEnd - redisCpuStart) };
    const cpu = process.cpuUsage(benchStart);
    services.bench = {
      cpuSeconds: round((cpu.user + cpu.system) / 1e6),
      rssMb: round(process.memoryUsage().rss / 2 ** 20),
      rssPeakMb: 0,
    };
    const stageRates = await stages.stop();
    const measuredFrom = startedAt + warmupS * 1000;
    const stageLatency = await latency.stop(measuredFrom);
    for (const [stage, l] of Object.entries(stageLatency))
      if (stageRates[stage]) Object.assign(stageRates[stage], { firstSeenToWrittenMs: l });
    stageRates.delivery = {
      items: sink.delivered(),
      itemsPerSec:
        sink.lastAt > sink.firstAt
          ? Math.round(sink.delivered() / ((sink.lastAt - sink.firstAt) / 1000))
          : 0,
      activeS: round((sink.lastAt - sink.firstAt) / 1000),
    };
    const sortedMs = (keep: (seenAt: number) => boolean) =>
      sink.latencies
        .filter((l) => keep(l.seenAt))
        .map((l) => l.ms)
        .sort((x, y) => x - y);
    const lat = sortedMs((seenAt) => seenAt >= measuredFrom);
    const warm = sortedMs((seenAt) => seenAt < measuredFrom);
    const endAt = Math.max(sink.lastAt, sentAt);
    return {
      mode: options.mode,
      rate: options.rate,
      durationS: options.durationS,
      produced,
      itemsPerSec: Math.round(sink.delivered() / ((endAt - startedAt) / 1000)),
      warmup: { s: warmupS, items: warm.length, p99Ms: Math.round(percentile(warm, 99)) },
      p50Ms: Math.round(percentile(lat, 50)),
      p95Ms: Math.round(percentile(lat, 95)),
      p99Ms: Math.round(percentile(lat, 99)),
      lost: Math.max(0, produced - sink.items.size),
      duplicates: sink.duplicates(),
      lostGrouped: groupedUndelivered(),
      repeats: sink.repeats,
      drained: settled(),
      stages: stageRates,
      services,
      brokers,
      cpuMsPerItem: cpuWindow.cpuMsPerItem,
      cpuWindow: {
        s: round((windowEnd.at - windowStart.at) / 1000),
        items: windowItems,
        restarted: cpuWindow.restarted,
      },
      ...(rebalance ? { rebalance: rebalance.report() } : {}),
    };
  } finally {
    await producer?.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await stack.stop();
    await feeds?.close();
    await sink.close();
    await deleteStackTopics(kafka, names).catch(() => undefined);
    await deleteStackKeys(redis, names).catch(() => undefined);
    redis.disconnect();
  }
}
