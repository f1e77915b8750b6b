import type { Admin } from 'kafkajs';

// Per-stage throughput from Kafka offsets: the total end offset of each stage's output topic,
// sampled every half second. A stage's rate is the messages it wrote divided by the time
// between its first and its last write (so a stage that lags behind is not flattered).

export interface StageRate {
  items: number;
  itemsPerSec: number;
  /** Seconds between the first and the last message the stage wrote. */
  activeS: number;
  /** First sighting -> the stage's output appended to Kafka. */
  firstSeenToWrittenMs?: { p50Ms: number; p99Ms: number };
}

export function trackStageOffsets(admin: Admin, topics: Record<string, string>, everyMs = 500) {
  const base = new Map<string, number>();
  const first = new Map<string, number>();
  const last = new Map<string, { at: number; count: number }>();
  const read = async (topic: string) =>
    (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0);
  const sample = async () => {
    for (const [stage, topic] of Object.entries(topics)) {
      const end = await read(topic).catch(() => null);
      if (end === null) continue;
      if (!base.has(stage)) base.set(stage, end);
      const count = end - base.get(stage)!;
      const prev = last.get(stage);
      if (count > 0 && !first.has(stage)) first.set(stage, Date.now());
      if (!prev || count !== prev.count) last.set(stage, { at: Date.now(), count });
    }
  };
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const loop = () => {
    running = sample().finally(() => {
      if (timer) timer = setTimeout(loop, everyMs);
    });
  };
  return {
    async start() {
      await sample();
      timer = setTimeout(loop, everyMs);
    },
    count: (stage: string) => last.get(stage)?.count ?? 0,
    async stop(): Promise<Record<string, StageRate>> {
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
      await sample();
      const out: Record<string, StageRate> = {};
      for (const stage of Object.keys(topics)) {
        const l = last.get(stage);
        const f = first.get(stage);
        const activeS = l && f ? Math.max(0.5, (l.at - f) / 1000) : 0;
        out[stage] = {
          items: l?.count ?? 0,
          itemsPerSec: activeS ? Math.round((l?.count ?? 0) / activeS) : 0,
          activeS: Number(activeS.toFixed(1)),
        };
      }
      return out;
    },
  };
}
