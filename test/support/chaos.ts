import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kafka, Producer } from 'kafkajs';
import { connectProducer, produceMessages } from '@faultline/shared/kafka';
import { dlqTopic } from '@faultline/shared/topics';
import type { ServiceName } from '../../services/cli/src/up/stack.ts';
import { startAlertSink, type AlertSink } from '../../services/cli/src/bench/alert-sink.ts';
import { BENCH_SECRET, writeBenchRules } from '../../services/cli/src/bench/run-pipeline.ts';
import { createItemSource } from '../../services/cli/src/bench/synthetic-items.ts';
import { rawItemMessage, rawItemFor } from '../../services/cli/src/bench/inject.ts';
import { deleteStackTopics } from '../../services/cli/src/bench/cleanup-stack.ts';
import type { Reply, Received } from '../../services/alerter/src/testing/receiver.ts';
import { createKafka } from '@faultline/shared/kafka';
import { createLogger } from '@faultline/shared/log';
import { startTestStack, type TestStack } from './stack.ts';
import { waitFor } from './brokers.ts';

// A chaos scenario: an isolated stack (cleaner -> analyzer -> alerter by default), a catch-all
// rule sending every item (each its own story) to a signed-webhook sink, an injector writing
// RawItems into news.raw, readiness watchers and the checks every scenario ends with.

export interface ChaosStack {
  ts: TestStack;
  sink: AlertSink;
  kafka: Kafka;
  /** Injects `count` items at `ratePerSec`; resolves with their item ids once all are sent. */
  inject(count: number, ratePerSec: number): Promise<string[]>;
  /** Produces raw bytes into news.raw (poison messages). */
  injectRaw(values: Array<string | null>): Promise<void>;
  waitDelivered(itemIds: string[], timeoutMs: number): Promise<void>;
  watchReady(name: string): ReadyWatch;
  /** Committed offset of each stage's group vs the end of its input topic. */
  offsetGaps(): Promise<Record<string, number>>;
  /** Messages in a pipeline topic (beyond the expected count = redeliveries). */
  topicCount(topic: 'raw' | 'clean' | 'analyzed'): Promise<number>;
  dlqCount(topic: 'raw' | 'clean' | 'analyzed'): Promise<number>;
  stop(): Promise<void>;
}

export interface ReadyWatch {
  /** Stops watching; timings in ms since `since`. */
  stop(since: number): {
    sawNotReady: boolean;
    notReadyAtMs: number | null;
    readyAgainAtMs: number | null;
  };
  waitReadyAgain(timeoutMs: number): Promise<void>;
}

export async function startChaosStack(options: {
  label: string;
  services?: ServiceName[];
  brokers?: string[];
  redisUrl?: string;
  reply?: (req: Received, attempt: number) => Reply;
  delivery?: Record<string, unknown>;
}): Promise<ChaosStack> {
  const sink = await startAlertSink(BENCH_SECRET, options.reply);
  const dir = join(tmpdir(), 'faultline-chaos', options.label);
  mkdirSync(dir, { recursive: true });
  const brokers = options.brokers ?? (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const ts = await startTestStack({
    label: options.label,
    services: options.services ?? ['cleaner', 'analyzer', 'alerter'],
    rulesFile: writeBenchRules(dir),
    ...(options.brokers ? { brokers: options.brokers } : {}),
    ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
    destinations: {
      'bench-webhook': {
        type: 'webhook',
        url: `${sink.url}/webhook`,
        secrets: [BENCH_SECRET],
        maxPerSecond: 10_000,
        timeoutMs: 2000,
      },
    },
    extra: {
      // Short backoff keeps each scenario within CI time; semantics are the same as production's.
      alerter: { delivery: { attempts: 12, backoffMs: 300, ...options.delivery } },
    },
  });
  const log = createLogger({ service: 'chaos', level: 'silent' });
  const kafka = createKafka({ brokers, clientId: `chaos-${ts.names.id}`, log });
  const admin = kafka.admin();
  await admin.connect();
  const producer: Producer = await connectProducer(kafka);
  const items = createItemSource(ts.names.id);
  const topics = ts.names.topics;
  const sum = async (topic: string) =>
    (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0);

  return {
    ts,
    sink,
    kafka,
    async inject(count, ratePerSec) {
      const ids: string[] = [];
      const perBatch = Math.max(1, Math.round(ratePerSec / 10));
      while (ids.length < count) {
        const now = new Date().toISOString();
        const batch = [];
        for (let i = 0; i < perBatch && ids.length < count; i++) {
          const it = items.next();
          ids.push(rawItemFor(it, now).itemId);
          batch.push(rawItemMessage(topics.raw, it, now));
        }
        await produceMessages(producer, batch);
        await new Promise((r) => setTimeout(r, 100));
      }
      return ids;
    },
    async injectRaw(values) {
      await producer.send({
        topic: topics.raw,
        acks: -1,
        messages: values.map((value, i) => ({ key: `poison-${i}`, value })),
      });
    },
    waitDelivered: (ids, timeoutMs) =>
      waitFor(
        () => ids.every((id) => sink.items.has(id)),
        timeoutMs,
        `${ids.length} alerts (have ${ids.filter((id) => sink.items.has(id)).length}; receiver: ${sink.receiver.attempts.size} ids tried, ${sink.receiver.badSignatures} bad signatures, ${sink.delivered()} accepted)`,
      ).then(() => undefined),
    watchReady(name) {
      let sawNotReady = false;
      let notReadyAt: number | null = null;
      let readyAgainAt: number | null = null;
      let running = true;
      const loop = async () => {
        while (running) {
          const ok = await ts.isReady(name);
          if (!ok && !sawNotReady) {
            sawNotReady = true;
            notReadyAt = Date.now();
          }
          if (ok && sawNotReady && readyAgainAt === null) readyAgainAt = Date.now();
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      void loop();
      return {
        stop(since) {
          running = false;
          return {
            sawNotReady,
            notReadyAtMs: notReadyAt === null ? null : notReadyAt - since,
            readyAgainAtMs: readyAgainAt === null ? null : readyAgainAt - since,
          };
        },
        waitReadyAgain: (timeoutMs) =>
          waitFor(
            () => sawNotReady && readyAgainAt !== null,
            timeoutMs,
            `${name} ready again`,
          ).then(() => undefined),
      };
    },
    async offsetGaps() {
      const gaps: Record<string, number> = {};
      const plan: Array<[string, string, string]> = [
        ['cleaner', ts.names.groups.cleaner, topics.raw],
        ['analyzer', ts.names.groups.analyzer, topics.clean],
        ['alerter', ts.names.groups.alerter, topics.analyzed],
      ];
      for (const [stage, groupId, topic] of plan) {
        const ends = await admin.fetchTopicOffsets(topic);
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        let gap = 0;
        for (const e of ends) {
          const c = committed?.partitions.find((p) => p.partition === e.partition);
          const at = c && Number(c.offset) >= 0 ? Number(c.offset) : Number(e.low);
          gap += Number(e.high) - at;
        }
        gaps[stage] = gap;
      }
      return gaps;
    },
    topicCount: (t) => sum(topics[t]),
    dlqCount: (t) => sum(dlqTopic(topics[t])),
    async stop() {
      await producer.disconnect().catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
      await ts.stop();
      await sink.close();
      await deleteStackTopics(kafka, ts.names).catch(() => undefined);
    },
  };
}

/** One JSON line per observation, for the lead to quote. */
export function report(entry: Record<string, unknown>): void {
  process.stdout.write(`CHAOS ${JSON.stringify(entry)}\n`);
}
