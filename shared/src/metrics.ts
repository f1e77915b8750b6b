import { Registry, Counter, Histogram, Gauge, collectDefaultMetrics } from 'prom-client';

// Each service owns one registry with process metrics and the pipeline metrics every stage
// shares; services add their own on the same registry.

export { Registry, Counter, Histogram, Gauge };

export interface StageMetrics {
  registry: Registry;
  itemsIn: Counter<'stage' | 'topic'>;
  itemsOut: Counter<'stage' | 'topic'>;
  itemsFailed: Counter<'stage' | 'topic' | 'reason'>;
  processingSeconds: Histogram<'stage'>;
  consumerLag: Gauge<'topic' | 'partition'>;
}

export function createMetrics(service: string): StageMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: 'faultline_' });
  // prom-client names three gauges `*_total`, a suffix Prometheus keeps for counters (promtool
  // check metrics refuses them). Each is the sum of its per-type twin, which stays:
  // sum(faultline_nodejs_active_handles) gives the same number.
  for (const name of ['handles', 'requests', 'resources'])
    registry.removeSingleMetric(`faultline_nodejs_active_${name}_total`);
  return {
    registry,
    itemsIn: new Counter({
      name: 'faultline_items_in_total',
      help: 'Messages received by a stage',
      labelNames: ['stage', 'topic'],
      registers: [registry],
    }),
    itemsOut: new Counter({
      name: 'faultline_items_out_total',
      help: 'Messages produced by a stage',
      labelNames: ['stage', 'topic'],
      registers: [registry],
    }),
    itemsFailed: new Counter({
      name: 'faultline_items_failed_total',
      help: 'Messages a stage dead-lettered, by reason',
      labelNames: ['stage', 'topic', 'reason'],
      registers: [registry],
    }),
    processingSeconds: new Histogram({
      name: 'faultline_processing_seconds',
      help: 'Time a stage spends on one message',
      labelNames: ['stage'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    consumerLag: new Gauge({
      name: 'faultline_consumer_lag',
      help: 'Messages between the committed offset and the end of the partition',
      labelNames: ['topic', 'partition'],
      registers: [registry],
    }),
  };
}
