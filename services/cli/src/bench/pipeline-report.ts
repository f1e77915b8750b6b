import { percentile, type AlertSink } from './alert-sink.ts';
import type { CpuPerItem } from './proc-stats.ts';
import type { RebalanceReport } from './rebalance.ts';
import type { StageRate } from './stage-offsets.ts';

// The report of a pipeline bench run: throughput per stage, first-seen -> delivered latency,
// CPU and RSS per service process, lost items and duplicates.

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

/** What startMeasurement's finish() reports. */
export type Measured = Pick<
  PipelineResult,
  'stages' | 'services' | 'brokers' | 'cpuMsPerItem' | 'cpuWindow'
>;

export interface RunFigures {
  mode: string;
  rate: number;
  durationS: number;
  warmupS: number;
  produced: number;
  /** When the load began and when the last item was sent. */
  startedAt: number;
  sentAt: number;
  groupedUndelivered: number;
  drained: boolean;
  rebalance: RebalanceReport | null;
}

/** The run's report from what the receiver saw, the run's figures and what was measured. */
export function pipelineResult(
  sink: AlertSink,
  run: RunFigures,
  measured: Measured,
): PipelineResult {
  const measuredFrom = run.startedAt + run.warmupS * 1000;
  const sortedMs = (keep: (seenAt: number) => boolean) =>
    sink.latencies
      .filter((l) => keep(l.seenAt))
      .map((l) => l.ms)
      .sort((x, y) => x - y);
  const lat = sortedMs((seenAt) => seenAt >= measuredFrom);
  const warm = sortedMs((seenAt) => seenAt < measuredFrom);
  const endAt = Math.max(sink.lastAt, run.sentAt);
  return {
    mode: run.mode,
    rate: run.rate,
    durationS: run.durationS,
    produced: run.produced,
    itemsPerSec: Math.round(sink.delivered() / ((endAt - run.startedAt) / 1000)),
    warmup: { s: run.warmupS, items: warm.length, p99Ms: Math.round(percentile(warm, 99)) },
    p50Ms: Math.round(percentile(lat, 50)),
    p95Ms: Math.round(percentile(lat, 95)),
    p99Ms: Math.round(percentile(lat, 99)),
    lost: Math.max(0, run.produced - sink.items.size),
    duplicates: sink.duplicates(),
    lostGrouped: run.groupedUndelivered,
    repeats: sink.repeats,
    drained: run.drained,
    ...measured,
    ...(run.rebalance ? { rebalance: run.rebalance } : {}),
  };
}
