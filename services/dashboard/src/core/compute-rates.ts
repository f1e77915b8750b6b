import type { StageCounters, StageRate } from './model.ts';

// Items/s per stage from two readings of cumulative counters. A counter that went down means the
// process restarted: its new value counts as everything since the restart.

export interface CounterReading {
  at: number;
  counters: StageCounters[];
}

export function computeRates(prev: CounterReading | null, cur: CounterReading): StageRate[] {
  const dt = prev ? (cur.at - prev.at) / 1000 : 0;
  return cur.counters.map((c) => {
    const before = prev?.counters.find((p) => p.stage === c.stage);
    if (!before || dt <= 0) return { stage: c.stage, inPerS: 0, outPerS: 0, failedPerS: 0 };
    const rate = (now: number, then: number) => round((now >= then ? now - then : now) / dt);
    return {
      stage: c.stage,
      inPerS: rate(c.in, before.in),
      outPerS: rate(c.out, before.out),
      failedPerS: rate(c.failed, before.failed),
    };
  });
}

/** The throughput a stage shows on a sparkline: what it took in (the poller: what it emitted). */
export const stageThroughput = (r: StageRate): number =>
  r.stage === 'poller' ? r.outPerS : r.inPerS;

const round = (n: number) => Math.round(n * 100) / 100;
