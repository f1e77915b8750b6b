import type { Logger } from '@faultline/shared/log';
import { Gauge, Histogram, type StageMetrics } from '@faultline/shared/metrics';
import { buildSnapshot, createSnapshotState } from '../core/build-snapshot.ts';
import { mergePoints } from '../core/history-ring.ts';
import type { HistoryPoint, Snapshot } from '../core/model.ts';
import type { Collector } from './collect.ts';
import type { HistoryStore } from './history-store.ts';

// Gathers and publishes a snapshot every `everyMs`. Rounds never overlap: a slow round delays the
// next one instead of piling up requests against a struggling broker. With a history store, the
// sparkline points are read back at start and each closed bucket is written and the last hour
// re-read, off the round (a Redis outage never holds up the page; points wait, at most an hour's).

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
  history?: HistoryStore;
}): SnapshotLoop {
  const state = createSnapshotState();
  const history = options.history;
  const unsaved: HistoryPoint[] = [];
  let syncing = false;
  const sync = async () => {
    if (!history || syncing) return;
    syncing = true;
    try {
      while (unsaved.length) {
        await history.save(unsaved[0]!);
        unsaved.shift();
      }
      mergePoints(state.ring, await history.load(new Date()));
    } catch (err) {
      options.log.warn({ err }, 'sparkline history not synced with Redis; retried next bucket');
    } finally {
      syncing = false;
    }
  };
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
      const before = state.ring.points.at(-1);
      latest = buildSnapshot(state, obs);
      const newest = state.ring.points.at(-1);
      if (history && newest && newest !== before) {
        unsaved.push(newest);
        if (unsaved.length > state.ring.max) unsaved.shift();
        void sync();
      }
      options.publish(latest);
    } catch (err) {
      options.log.error({ err }, 'snapshot round failed');
    }
    const took = performance.now() - started;
    roundSeconds.observe(took / 1000);
    if (!stopped) timer = setTimeout(tick, Math.max(50, options.everyMs - took));
  };
  const tick = () => void (running = round());
  void sync();
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
