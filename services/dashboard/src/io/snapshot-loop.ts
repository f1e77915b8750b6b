import type { Logger } from '@faultline/shared/log';
import { Gauge, Histogram, type StageMetrics } from '@faultline/shared/metrics';
import { buildSnapshot, createSnapshotState } from '../core/build-snapshot.ts';
import type { Snapshot } from '../core/model.ts';
import type { Collector } from './collect.ts';

// Gathers and publishes a snapshot every `everyMs`. Rounds never overlap: a slow round delays the
// next one instead of piling up requests against a struggling broker.

export interface SnapshotLoop {
  latest(): Snapshot | null;
  stop(): Promise<void>;
}

export function startSnapshotLoop(options: {
  collector: Collector;
  everyMs: number;
  publish(snapshot: Snapshot): void;
  log: Logger;
  metrics?: StageMetrics;
  clients?: () => number;
}): SnapshotLoop {
  const state = createSnapshotState();
  const registers = options.metrics ? [options.metrics.registry] : [];
  const roundSeconds = new Histogram({
    name: 'faultline_dashboard_snapshot_seconds',
    help: 'Time to gather one dashboard snapshot',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  new Gauge({
    name: 'faultline_dashboard_sse_clients',
    help: 'Browsers connected to the live stream',
    registers,
    collect() {
      this.set(options.clients?.() ?? 0);
    },
  });
  let latest: Snapshot | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const round = async () => {
    const started = performance.now();
    try {
      const obs = await options.collector.collect();
      latest = buildSnapshot(state, obs);
      options.publish(latest);
    } catch (err) {
      options.log.error({ err }, 'snapshot round failed');
    }
    const took = performance.now() - started;
    roundSeconds.observe(took / 1000);
    if (!stopped) timer = setTimeout(tick, Math.max(50, options.everyMs - took));
  };
  const tick = () => void (running = round());
  tick();

  return {
    latest: () => latest,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
