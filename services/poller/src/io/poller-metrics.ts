import { Counter, Gauge, Histogram, type Registry } from '@faultline/shared/metrics';
import type { FeedStore } from '@faultline/shared/state/feed-registry';
import type { PollerHooks } from './poller.ts';

/** Fetch outcomes by status, items produced, fetch durations, host waits, feed health gauges. */
export function createPollerMetrics(registry: Registry, store: FeedStore): { hooks: PollerHooks } {
  const fetches = new Counter({
    name: 'faultline_poller_fetches_total',
    help: 'Feed fetches by outcome and HTTP status',
    labelNames: ['outcome', 'status'],
    registers: [registry],
  });
  const items = new Counter({
    name: 'faultline_poller_items_produced_total',
    help: 'Raw items produced to Kafka (new items and revisions)',
    registers: [registry],
  });
  const seconds = new Histogram({
    name: 'faultline_poller_fetch_seconds',
    help: 'Duration of one feed poll (fetch, parse, produce)',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const hostWaits = new Counter({
    name: 'faultline_poller_host_waits_total',
    help: 'Due feeds left waiting (due again about a second later) because their host was at perHostConcurrency across all replicas',
    registers: [registry],
  });
  const dropped = new Counter({
    name: 'faultline_poller_items_dropped_total',
    help: 'Items of fetched feeds not produced, by reason (contract-refused, too-large); each is logged and sent to the dead-letter topic',
    labelNames: ['reason'],
    registers: [registry],
  });
  new Gauge({
    name: 'faultline_poller_feeds',
    help: 'Feeds in the registry by health (ok, failing, paused)',
    labelNames: ['health'],
    registers: [registry],
    async collect() {
      const feeds = await store.list().catch(() => []);
      const count = { ok: 0, failing: 0, paused: 0 };
      for (const { state } of feeds) {
        if (state.paused) count.paused++;
        else if (state.consecutiveFailures > 0) count.failing++;
        else count.ok++;
      }
      for (const [health, n] of Object.entries(count)) this.set({ health }, n);
    },
  });
  return {
    hooks: {
      onFetch(_def, outcome, produced, ms) {
        const status =
          outcome.kind === 'error' ? String(outcome.status ?? 'none') : String(outcome.status);
        fetches.inc({ outcome: outcome.kind, status });
        items.inc(produced);
        seconds.observe(ms / 1000);
      },
      onHostWait(feeds) {
        hostWaits.inc(feeds);
      },
      onDrop(reason) {
        dropped.inc({ reason });
      },
    },
  };
}
