import type { HistoryRing } from './history-ring.ts';
import { addTick } from './history-ring.ts';
import { computeRates, stageThroughput, type CounterReading } from './compute-rates.ts';
import type { Observation, Snapshot } from './model.ts';
import { summarize } from './summarize.ts';

// Folds one observation into the running state (previous counters, the sparkline ring) and
// returns the snapshot the page and `faultline status` show.

export interface SnapshotState {
  prev: CounterReading | null;
  ring: HistoryRing;
}

export function buildSnapshot(state: SnapshotState, obs: Observation): Snapshot {
  const reading: CounterReading = { at: obs.at.getTime(), counters: obs.counters };
  const stages = computeRates(state.prev, reading);
  state.prev = reading;
  const summary = summarize(obs, stages);
  if (state.ring.points.length || state.ring.pending || stages.some((s) => s.inPerS || s.outPerS)) {
    const rates = Object.fromEntries(stages.map((s) => [s.stage, stageThroughput(s)]));
    addTick(state.ring, obs.at, rates, summary.lag);
  }
  return {
    summary,
    services: obs.services,
    pipeline: { stages, lag: obs.lag ?? [], dlq: obs.dlq ?? [] },
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
