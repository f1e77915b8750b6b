import { trackStageLatency } from './stage-latency.ts';
import { trackStageOffsets } from './stage-offsets.ts';
import {
  cpuMsPerItem,
  cpuSnapshot,
  createProcTracker,
  localBrokerPid,
  localRedisPid,
  redisCpuSeconds,
  round,
} from './proc-stats.ts';
import type { PipelineStack } from './pipeline-stack.ts';
import type { Measured, PipelineResult } from './pipeline-report.ts';

// What a pipeline bench run measures while items flow: each stage's throughput (topic offsets)
// and first-seen -> written latency, CPU and RSS per process, and the CPU window (warm-up end ->
// drained) that CPU per item is taken over.

export interface Measurement {
  /** When the load began: latency counts items first seen warmupS after it. */
  startedAt: number;
  /** Items put in an earlier item's story (no alert of their own, by design) and not delivered. */
  groupedUndelivered(): number;
  /** Items delivered, or grouped into an earlier item's story. */
  completed(): number;
  /** Closes the CPU window, waits for late duplicates and stops every tracker. */
  finish(): Promise<Measured>;
}

export async function startMeasurement(ps: PipelineStack, warmupS: number): Promise<Measurement> {
  const { stack, names, feeds, sink } = ps;
  // Each stage by the topic it writes.
  const stageTopics = {
    ...(feeds ? { poller: names.topics.raw } : {}),
    cleaner: names.topics.clean,
    analyzer: names.topics.analyzed,
  };
  const stages = trackStageOffsets(ps.admin, stageTopics);
  await stages.start();
  const latency = trackStageLatency(ps.kafka, stageTopics, `${names.id}-latency`);
  await latency.start();
  const kafkaPid = localBrokerPid();
  const procs = createProcTracker(() => stack.supervisor.pids());
  const brokerProcs = createProcTracker(() => (kafkaPid ? { kafka: kafkaPid } : {}));
  const redisCpuStart = await redisCpuSeconds(ps.redis);
  const benchStart = process.cpuUsage();
  const redisPid = localRedisPid();
  const windowPids = (): Record<string, number> => ({
    ...stack.supervisor.pids(),
    ...(kafkaPid ? { kafka: kafkaPid } : {}),
    ...(redisPid ? { redis: redisPid } : {}),
    bench: process.pid,
  });

  const startedAt = Date.now();
  const groupedUndelivered = () => {
    let n = 0;
    for (const id of latency.grouped()) if (!sink.items.has(id)) n++;
    return n;
  };
  const completed = () => sink.items.size + groupedUndelivered();
  // The CPU window opens when the warm-up ends (JIT, first connections and tsx's compile stay
  // out of it) and closes when every item is through.
  let windowStart = { at: Date.now(), cpu: cpuSnapshot(windowPids()), completed: 0 };
  const windowTimer = setTimeout(() => {
    windowStart = { at: Date.now(), cpu: cpuSnapshot(windowPids()), completed: completed() };
  }, warmupS * 1000);

  async function finish(): Promise<Measured> {
    clearTimeout(windowTimer);
    const windowEnd = { at: Date.now(), cpu: cpuSnapshot(windowPids()), completed: completed() };
    const windowItems = windowEnd.completed - windowStart.completed;
    const cpuWindow = cpuMsPerItem(windowStart.cpu, windowEnd.cpu, windowItems, ['bench']);
    // A little longer to catch late duplicates.
    await new Promise((r) => setTimeout(r, 2000));
    const services = procs.stop();
    const brokers: PipelineResult['brokers'] = brokerProcs.stop();
    const redisCpuEnd = await redisCpuSeconds(ps.redis);
    if (redisCpuStart !== null && redisCpuEnd !== null)
      brokers.redis = { cpuSeconds: round(redisCpuEnd - redisCpuStart) };
    const cpu = process.cpuUsage(benchStart);
    services.bench = {
      cpuSeconds: round((cpu.user + cpu.system) / 1e6),
      rssMb: round(process.memoryUsage().rss / 2 ** 20),
      rssPeakMb: 0,
    };
    const stageRates = await stages.stop();
    const stageLatency = await latency.stop(startedAt + warmupS * 1000);
    for (const [stage, l] of Object.entries(stageLatency))
      if (stageRates[stage]) Object.assign(stageRates[stage], { firstSeenToWrittenMs: l });
    stageRates.delivery = {
      items: sink.delivered(),
      itemsPerSec:
        sink.lastAt > sink.firstAt
          ? Math.round(sink.delivered() / ((sink.lastAt - sink.firstAt) / 1000))
          : 0,
      activeS: round((sink.lastAt - sink.firstAt) / 1000),
    };
    return {
      stages: stageRates,
      services,
      brokers,
      cpuMsPerItem: cpuWindow.cpuMsPerItem,
      cpuWindow: {
        s: round((windowEnd.at - windowStart.at) / 1000),
        items: windowItems,
        restarted: cpuWindow.restarted,
      },
    };
  }

  return { startedAt, groupedUndelivered, completed, finish };
}
