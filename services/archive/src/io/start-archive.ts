import type { Kafka, Producer } from 'kafkajs';
import type pg from 'pg';
import { runConsumer, type ConsumerRunner } from '@faultline/shared/kafka';
import {
  AnalyzedItemMessage,
  AlertEventMessage,
  TensionEventMessage,
  type AnalyzedItem,
} from '@faultline/shared/schemas';
import type { Logger } from '@faultline/shared/log';
import type { StageMetrics } from '@faultline/shared/metrics';
import { toItemRows } from '../core/item-rows.ts';
import { mergeBatch } from '../core/merge-batch.ts';
import type {
  AlertRow,
  DeliveryRow,
  TensionEventRow,
} from '@faultline/shared/state/archive-record';
import { toAlertRow, toDeliveryRow, toTensionEventRow } from '../core/event-rows.ts';
import { retentionCutoff, weekStart } from '../core/partitions.ts';
import { createArchiveWriter } from './writer.ts';
import { createBatcher } from './batcher.ts';

// The archive's intake: three consumers (news.analyzed, tension.events, alerts), each message
// turned into rows by the pure core and handed to a batcher; a handler returns only once its
// batch is committed in PostgreSQL, so the runner commits the Kafka offset after the write.
// While PostgreSQL is away the writes fail retriably and the runner backs off (up to
// retry.maxMs) and tries again: nothing is skipped, and redelivery is absorbed by the primary
// keys. Rows older than the retention window are not written (their partition is gone).

export interface ArchiveIntake {
  consumers: ConsumerRunner[];
  isReady(): boolean;
  stop(): Promise<void>;
}

export interface ArchiveIntakeOptions {
  kafka: Kafka;
  producer: Producer;
  pool: pg.Pool;
  topics: { analyzed: string; tensionEvents: string; alerts: string };
  groups: { items: string; tension: string; alerts: string };
  log: Logger;
  metrics?: StageMetrics;
  retentionDays: number;
  batchSize: number;
  batchWaitMs: number;
  concurrency: number;
  retry?: { initialMs?: number; maxMs?: number };
  onCrash?: (err: unknown) => void;
}

export async function startArchiveIntake(options: ArchiveIntakeOptions): Promise<ArchiveIntake> {
  const writer = createArchiveWriter(options.pool);
  const keep = (ts: string) =>
    Date.parse(weekStart(ts)) + 7 * 86_400_000 > retentionCutoff(options.retentionDays).getTime();
  const batch = { maxItems: options.batchSize, maxWaitMs: options.batchWaitMs };
  const items = createBatcher<AnalyzedItem>({
    ...batch,
    write: (list) => writer.writeItems(mergeBatch(list.map(toItemRows))),
  });
  const alerts = createBatcher<AlertRow>({ ...batch, write: (rows) => writer.writeAlerts(rows) });
  const deliveries = createBatcher<DeliveryRow>({
    ...batch,
    write: (rows) => writer.writeDeliveries(rows),
  });
  const tension = createBatcher<TensionEventRow>({
    ...batch,
    write: (rows) => writer.writeTensionEvents(rows),
  });
  const common = {
    kafka: options.kafka,
    producer: options.producer,
    log: options.log,
    concurrency: options.concurrency,
    flushEvery: options.concurrency,
    retry: { initialMs: 200, maxMs: 10_000, ...options.retry },
    // A write blocked on a PostgreSQL outage is not progress, but the member must not be
    // taken for dead while it backs off: heartbeats go on for up to 10 min.
    maxStallMs: 600_000,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.onCrash ? { onCrash: options.onCrash } : {}),
  };
  const consumers: ConsumerRunner[] = [];
  consumers.push(
    await runConsumer({
      ...common,
      groupId: options.groups.items,
      topic: options.topics.analyzed,
      schema: AnalyzedItemMessage,
      stage: 'archive',
      handle: async (item) => {
        if (keep(item.fetchedAt)) await items.add(item);
        return [];
      },
    }),
  );
  consumers.push(
    await runConsumer({
      ...common,
      groupId: options.groups.tension,
      topic: options.topics.tensionEvents,
      schema: TensionEventMessage,
      stage: 'archive-tension',
      handle: async (event) => {
        const row = toTensionEventRow(event);
        if (keep(row.at)) await tension.add(row);
        return [];
      },
    }),
  );
  consumers.push(
    await runConsumer({
      ...common,
      groupId: options.groups.alerts,
      topic: options.topics.alerts,
      schema: AlertEventMessage,
      stage: 'archive-alerts',
      handle: async (event) => {
        if (event.kind === 'alert') {
          const row = toAlertRow(event.alert, event.reason);
          if (keep(row.ts)) await alerts.add(row);
        } else {
          const row = toDeliveryRow(event);
          if (keep(row.at)) await deliveries.add(row);
        }
        return [];
      },
    }),
  );
  return {
    consumers,
    isReady: () => consumers.every((c) => c.isReady()),
    async stop() {
      await Promise.all(consumers.map((c) => c.stop()));
      await Promise.all([items.drain(), alerts.drain(), deliveries.drain(), tension.drain()]);
    },
  };
}
