import { injectItems } from './inject.ts';
import { scheduleRebalance } from './rebalance.ts';
import type { Stack } from '../up/stack.ts';
import { writeBenchRules, type StackNames } from './stack-config.ts';
import { createItemSource } from './synthetic-items.ts';
import type { AlertSink } from './alert-sink.ts';
import {
  BENCH_SECRET,
  startPipelineStack,
  type PipelineStack,
  type PipelineStackOptions,
} from './pipeline-stack.ts';
import { startMeasurement } from './pipeline-measure.ts';
import { pipelineResult, type PipelineResult } from './pipeline-report.ts';

// One load run on a whole isolated stack: items enter either through a local feed server and
// the poller ("feed") or straight into news.raw ("inject"); every item is its own story and a
// catch-all rule sends each to a local signed-webhook receiver. Reports throughput per stage,
// first-seen -> delivered latency, CPU and RSS per service process, lost items and duplicates.
// The stack is started and stopped by pipeline-stack.ts, measured by pipeline-measure.ts and
// reported by pipeline-report.ts; this file runs the load and waits for it to drain.

export { BENCH_SECRET, writeBenchRules, type PipelineResult };

export interface PipelineOptions extends PipelineStackOptions {
  durationS: number;
  /**
   * Seconds of the same load before the measured window (default 0). Their items count for lost
   * and duplicates, not for latency: a service months into its life has long left its first
   * seconds (JIT, first connections, model load) behind.
   */
  warmupS?: number;
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

export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const ps = await startPipelineStack(options);
  const { stack, names, sink } = ps;
  try {
    await ps.ready();
    const warmupS = options.warmupS ?? 0;
    const measurement = await startMeasurement(ps, warmupS);
    let produced = 0;
    const ctx: RunContext = { stack, names, sink, produced: () => produced };
    const rebalance =
      options.rebalanceAtS === undefined
        ? null
        : scheduleRebalance(stack.supervisor, options.rebalanceAtS, {
            cleaner: options.cleaners ?? 1,
            analyzer: options.analyzers ?? 1,
          });
    produced = await produceLoad(ps, options, warmupS + options.durationS, ctx, (sent) => {
      produced = sent;
    });
    const sentAt = Date.now();

    // Drain: wait until every item produced an alert or was put in an earlier item's story (no
    // alert of its own, by design), or progress stops.
    const settled = () => measurement.completed() >= produced;
    await waitForDrain(sink, settled, options.drainS ?? 60);
    const measured = await measurement.finish();
    return pipelineResult(
      sink,
      {
        mode: options.mode,
        rate: options.rate,
        durationS: options.durationS,
        warmupS,
        produced,
        startedAt: measurement.startedAt,
        sentAt,
        groupedUndelivered: measurement.groupedUndelivered(),
        drained: settled(),
        rebalance: rebalance ? rebalance.report() : null,
      },
      measured,
    );
  } finally {
    await ps.close();
  }
}

/** Sends options.rate items a second for runS seconds; returns how many were sent. */
async function produceLoad(
  ps: PipelineStack,
  options: PipelineOptions,
  runS: number,
  ctx: RunContext,
  onSent: (sent: number) => void,
): Promise<number> {
  const total = Math.round(options.rate * runS);
  if (ps.feeds)
    return ps.feeds.publish(
      total,
      runS,
      options.onTick
        ? (sent) => {
            onSent(sent);
            return options.onTick!(ctx);
          }
        : undefined,
    );
  return injectItems(
    await ps.connectProducer(),
    ps.names.topics.raw,
    createItemSource(ps.names.id),
    { rate: options.rate, durationS: runS },
    onSent,
    options.onTick ? () => options.onTick!(ctx) : undefined,
  );
}

/** Waits until settled(), or until the receiver has seen no new item for drainS seconds. */
async function waitForDrain(sink: AlertSink, settled: () => boolean, drainS: number) {
  let lastCount = -1;
  let lastChange = Date.now();
  while (!settled() && Date.now() - lastChange < drainS * 1000) {
    if (sink.items.size !== lastCount) {
      lastCount = sink.items.size;
      lastChange = Date.now();
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
