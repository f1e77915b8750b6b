import { Gauge, type StageMetrics } from '@faultline/shared/metrics';
import type { Snapshot } from '../core/model.ts';
import type { AlertsSource } from './alerts-source.ts';

// What the dashboard reads from the brokers, exported for Prometheus too: consumer lag per
// group/topic/partition from the Kafka admin API (right even when a stage is down), dead-letter
// counts, and BullMQ queue depths (read at scrape time).

export function exportBrokerGauges(
  metrics: StageMetrics,
  latest: () => Snapshot | null,
  alerts: AlertsSource,
): void {
  const registers = [metrics.registry];
  new Gauge({
    name: 'faultline_broker_consumer_lag',
    help: 'End offset minus committed offset, per consumer group, topic and partition',
    labelNames: ['group', 'topic', 'partition'],
    registers,
    collect() {
      this.reset();
      for (const r of latest()?.pipeline.lag ?? [])
        this.set({ group: r.group, topic: r.topic, partition: String(r.partition) }, r.lag);
    },
  });
  new Gauge({
    name: 'faultline_dlq_messages',
    help: 'Messages in dead-letter topics and jobs in dead-letter queues',
    labelNames: ['name', 'kind'],
    registers,
    collect() {
      this.reset();
      for (const r of latest()?.pipeline.dlq ?? [])
        this.set({ name: r.name, kind: r.kind }, r.count);
    },
  });
  new Gauge({
    name: 'faultline_queue_jobs',
    help: 'BullMQ jobs per delivery queue and state',
    labelNames: ['queue', 'state'],
    registers,
    async collect() {
      this.reset();
      const rows = await alerts.readQueueDepths().catch(() => []);
      for (const r of rows) this.set({ queue: r.queue, state: r.state }, r.count);
    },
  });
}
