import { addTick, createHistoryRing, type HistoryRing } from './history-ring.ts';
import { computeRates, stageThroughput, type CounterReading } from './compute-rates.ts';
import type { LanguageCount, Observation, Snapshot } from './model.ts';
import { summarize } from './summarize.ts';

// Folds one observation into the running state (previous counters, the sparkline ring) and
// returns the snapshot the page and `faultline status` show.

export interface SnapshotState {
  /** Recent counter readings, oldest first, covering about `rateWindowMs`. */
  readings: CounterReading[];
  ring: HistoryRing;
  /** Items/s are averaged over this window, so bursty polls do not flicker 0 / 60 / 0. */
  rateWindowMs: number;
}

export function createSnapshotState(rateWindowMs = 10_000): SnapshotState {
  return { readings: [], ring: createHistoryRing(), rateWindowMs };
}

/** Items by language and mode over every analyzer replica, largest first. */
function languagesOf(obs: Observation): { languages?: LanguageCount[] } {
  const sum = new Map<string, LanguageCount>();
  for (const c of obs.counters)
    for (const l of c.languages ?? []) {
      const key = `${l.language}|${l.mode}`;
      const row = sum.get(key) ?? { language: l.language, mode: l.mode, count: 0 };
      row.count += l.count;
      sum.set(key, row);
    }
  return sum.size ? { languages: [...sum.values()].sort((a, b) => b.count - a.count) } : {};
}

export function buildSnapshot(state: SnapshotState, obs: Observation): Snapshot {
  const reading: CounterReading = { at: obs.at.getTime(), counters: obs.counters };
  while (state.readings.length > 1 && reading.at - state.readings[1]!.at >= state.rateWindowMs)
    state.readings.shift();
  const stages = computeRates(state.readings[0] ?? null, reading);
  state.readings.push(reading);
  const summary = summarize(obs, stages);
  if (state.ring.points.length || state.ring.pending || stages.some((s) => s.inPerS || s.outPerS)) {
    const rates = Object.fromEntries(stages.map((s) => [s.stage, stageThroughput(s)]));
    addTick(state.ring, obs.at, rates, summary.lag);
  }
  return {
    summary,
    services: obs.services,
    pipeline: { stages, lag: obs.lag ?? [], dlq: obs.dlq ?? [], ...languagesOf(obs) },
    history: state.ring.points,
    feeds: obs.feeds ?? [],
    alerts: obs.alerts ?? [],
    tension: obs.tension ?? {
      dyads: [],
      entities: [],
      note: obs.errors.tension ?? 'no tension data yet',
    },
  };
}
