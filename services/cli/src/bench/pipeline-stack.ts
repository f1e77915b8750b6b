import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Admin, Kafka, Producer } from 'kafkajs';
import type { Redis } from 'ioredis';
import { createKafka, connectProducer, type KafkaCompression } from '@faultline/shared/kafka';
import { createLogger } from '@faultline/shared/log';
import { createRedis } from '@faultline/shared/queue';
import { startStack, waitReady, type ServiceName, type Stack } from '../up/stack.ts';
import {
  isolatedStackConfig,
  stackNames,
  writeBenchRules,
  type StackNames,
} from './stack-config.ts';
import { startAlertSink, type AlertSink } from './alert-sink.ts';
import { startBenchFeeds, type BenchFeeds } from './bench-feeds.ts';
import { deleteStackKeys, deleteStackTopics } from './cleanup-stack.ts';

// The isolated stack of a pipeline bench run, started and stopped: the local signed-webhook
// receiver, the feed server ("feed" mode), the services with their own topics, Redis keys and a
// catch-all rule, and the bench's Kafka and Redis clients.

export const BENCH_SECRET =
  'whsec_' + Buffer.from('faultline-bench-secret-32-bytes!').toString('base64');

export interface PipelineStackOptions {
  mode: 'feed' | 'inject';
  rate: number;
  analyzers?: number;
  cleaners?: number;
  partitions?: number;
  /** kafka.compression for every producer of the stack and the bench's own (default none). */
  compression?: KafkaCompression;
}

export interface PipelineStack {
  names: StackNames;
  stack: Stack;
  sink: AlertSink;
  /** The feed server, in "feed" mode. */
  feeds: BenchFeeds | null;
  kafka: Kafka;
  admin: Admin;
  redis: Redis;
  /** Waits until every service is ready, then connects the admin client. */
  ready(): Promise<void>;
  /** The bench's own producer ("inject" mode), disconnected by close(). */
  connectProducer(): Promise<Producer>;
  /** Stops everything and deletes the run's topics and keys. */
  close(): Promise<void>;
}

export async function startPipelineStack(options: PipelineStackOptions): Promise<PipelineStack> {
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
  return {
    names,
    stack,
    sink,
    feeds,
    kafka,
    admin,
    redis,
    async ready() {
      await Promise.all(Object.keys(stack.ports).map((n) => waitReady(stack, n, 120_000)));
      await admin.connect();
    },
    async connectProducer() {
      producer = await connectProducer(kafka, { compression: options.compression ?? 'none' });
      return producer;
    },
    async close() {
      await producer?.disconnect().catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
      await stack.stop();
      await feeds?.close();
      await sink.close();
      await deleteStackTopics(kafka, names).catch(() => undefined);
      await deleteStackKeys(redis, names).catch(() => undefined);
      redis.disconnect();
    },
  };
}
