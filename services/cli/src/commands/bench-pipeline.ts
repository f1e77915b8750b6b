import { parseArgs } from 'node:util';
import type { ParseArgsOptions } from '../cli-help.ts';
import type { KafkaCompression } from '@faultline/shared/kafka';
import { runPipeline, type PipelineResult } from '../bench/run-pipeline.ts';

// `faultline bench pipeline --rate R --duration S [--inject] [--analyzers N --cleaners N
// --partitions 6 --rebalance S]`: a whole isolated stack on the real Kafka and Redis, items ->
// alerts at a local signed-webhook receiver. Default mode reads items through a local feed server
// and the poller; --inject produces RawItems straight into news.raw. With --analyzers N and/or
// --cleaners N the same load also runs with one of each on the same partitions in the same
// invocation, and the throughput factors are reported. --rebalance S stops the last replica of
// each scaled stage S seconds into the scaled run and lets it start again (two rebalances under
// load), so lost and duplicates cover them.
// --warmup W runs the same load W seconds first: those items count for lost and duplicates but
// not for the latency percentiles (reported apart, under "warmup").

export const summary =
  'load benchmark of the whole pipeline (feed server or --inject -> alerts at a local receiver)';

export const usage =
  'usage: faultline bench pipeline --rate R --duration S [--warmup W] [--inject] [--analyzers N] [--cleaners N] [--partitions P] [--rebalance S] [--compression none|gzip|lz4] [--drain S]';

/** Its options (also what `--help` lists). */
export const options = {
  rate: { type: 'string', default: '500' },
  duration: { type: 'string', default: '20' },
  warmup: { type: 'string', default: '0' },
  inject: { type: 'boolean', default: false },
  analyzers: { type: 'string', default: '1' },
  cleaners: { type: 'string', default: '1' },
  rebalance: { type: 'string' },
  compression: { type: 'string', default: 'none' },
  partitions: { type: 'string' },
  drain: { type: 'string', default: '60' },
} satisfies ParseArgsOptions;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options,
  });
  const rate = Number(values.rate);
  const durationS = Number(values.duration);
  const analyzers = Number(values.analyzers);
  const cleaners = Number(values.cleaners);
  const warmupS = Number(values.warmup);
  const rebalanceAtS = values.rebalance === undefined ? undefined : Number(values.rebalance);
  if (
    !(rate > 0) ||
    !(durationS > 0) ||
    !(analyzers >= 1) ||
    !(cleaners >= 1) ||
    !(warmupS >= 0) ||
    (rebalanceAtS !== undefined && !(rebalanceAtS >= 0)) ||
    !['none', 'gzip', 'lz4'].includes(values.compression)
  ) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const mode = values.inject ? 'inject' : 'feed';
  const compression = values.compression as KafkaCompression;
  const drainS = Number(values.drain);
  const shape = (r: PipelineResult) => ({
    rate: r.rate,
    durationS: r.durationS,
    warmup: r.warmup,
    mode: r.mode,
    produced: r.produced,
    itemsPerSec: r.itemsPerSec,
    p50Ms: r.p50Ms,
    p95Ms: r.p95Ms,
    p99Ms: r.p99Ms,
    lost: r.lost,
    duplicates: r.duplicates,
    lostGrouped: r.lostGrouped,
    ...(r.repeats.length ? { repeats: r.repeats } : {}),
    drained: r.drained,
    stages: r.stages,
    services: r.services,
    brokers: r.brokers,
    cpuMsPerItem: r.cpuMsPerItem,
    cpuWindow: r.cpuWindow,
    ...(r.rebalance ? { rebalance: r.rebalance } : {}),
  });
  if (analyzers === 1 && cleaners === 1) {
    const partitions = values.partitions ? Number(values.partitions) : 3;
    const result = await runPipeline({
      mode,
      rate,
      durationS,
      warmupS,
      partitions,
      drainS,
      compression,
    });
    console.log(
      JSON.stringify({ ...shape(result), partitions, analyzers: 1, cleaners: 1, compression }),
    );
    return 0;
  }
  // Scale-out: the baseline (1 cleaner, 1 analyzer, same partitions) and the scaled stack, same
  // load, so only the number of replicas differs.
  const partitions = values.partitions ? Number(values.partitions) : 6;
  const baseline = await runPipeline({
    mode,
    rate,
    durationS,
    warmupS,
    partitions,
    compression,
    analyzers: 1,
    cleaners: 1,
    drainS,
  });
  const scaled = await runPipeline({
    mode,
    rate,
    durationS,
    warmupS,
    partitions,
    compression,
    analyzers,
    cleaners,
    drainS,
    ...(rebalanceAtS !== undefined ? { rebalanceAtS } : {}),
  });
  const a = (r: PipelineResult) => r.stages.analyzer?.itemsPerSec ?? 0;
  const c = (r: PipelineResult) => r.stages.cleaner?.itemsPerSec ?? 0;
  console.log(
    JSON.stringify({
      ...shape(scaled),
      analyzers,
      cleaners,
      partitions,
      compression,
      baseline: { analyzers: 1, cleaners: 1, partitions, ...shape(baseline) },
      cleanerThroughputFactor: c(baseline) ? Number((c(scaled) / c(baseline)).toFixed(2)) : null,
      analyzerThroughputFactor: a(baseline) ? Number((a(scaled) / a(baseline)).toFixed(2)) : null,
      endToEndThroughputFactor: baseline.itemsPerSec
        ? Number((scaled.itemsPerSec / baseline.itemsPerSec).toFixed(2))
        : null,
    }),
  );
  return 0;
}
