import type { Health, Observation, StageRate, Summary } from './model.ts';
import { stageThroughput } from './compute-rates.ts';

// The header line of the dashboard and of `faultline status`: one health word, the problems in
// plain words, and the five numbers an operator looks at first.

export interface SummaryThresholds {
  /** Total consumer lag above which the pipeline counts as degraded. */
  maxLag: number;
}

const DEFAULTS: SummaryThresholds = { maxLag: 10_000 };

export function summarize(
  obs: Observation,
  rates: readonly StageRate[],
  thresholds: SummaryThresholds = DEFAULTS,
): Summary {
  const down: string[] = [];
  const degraded: string[] = [];
  for (const s of obs.services) {
    if (!s.up) down.push(`${s.name} is not answering${s.error ? ` (${s.error})` : ''}`);
    else if (s.ready === false) degraded.push(`${s.name} is up but not ready`);
  }
  for (const [source, reason] of Object.entries(obs.errors))
    (source === 'kafka' || source === 'redis' ? down : degraded).push(`${source}: ${reason}`);
  const lag = (obs.lag ?? []).reduce((n, r) => n + r.lag, 0);
  if (lag > thresholds.maxLag) degraded.push(`consumer lag is ${lag} messages`);
  const dlq = (obs.dlq ?? []).reduce((n, r) => n + r.count, 0);
  if (dlq > 0) degraded.push(`${dlq} message(s) in dead-letter queues`);
  const feeds = obs.feeds ?? [];
  const failing = feeds.filter((f) => !f.paused && f.consecutiveFailures > 0).length;
  const paused = feeds.filter((f) => f.paused).length;
  if (failing > 0) degraded.push(`${failing} feed(s) failing`);
  const health: Health = down.length ? 'down' : degraded.length ? 'degraded' : 'ok';
  return {
    at: obs.at.toISOString(),
    health,
    problems: [...down, ...degraded],
    itemsPerSecond: pipelineThroughput(rates),
    lag,
    dlq,
    alerts24h: obs.alerts24h ?? 0,
    feeds: { total: feeds.length, failing, paused },
  };
}

/** Items/s entering the pipeline: the cleaner's intake, else the poller's output. */
export function pipelineThroughput(rates: readonly StageRate[]): number {
  for (const stage of ['cleaner', 'poller', 'analyzer']) {
    const r = rates.find((x) => x.stage === stage);
    if (r && stageThroughput(r) > 0) return stageThroughput(r);
  }
  return 0;
}

/** The summary as terminal lines (for `faultline status`). */
export function formatSummary(s: Summary): string {
  const lines = [
    `health     ${s.health.toUpperCase()}`,
    `items/s    ${s.itemsPerSecond}`,
    `lag        ${s.lag}`,
    `dlq        ${s.dlq}`,
    `alerts 24h ${s.alerts24h}`,
    `feeds      ${s.feeds.total} (${s.feeds.failing} failing, ${s.feeds.paused} paused)`,
  ];
  if (s.problems.length) lines.push('', 'problems:', ...s.problems.map((p) => `  - ${p}`));
  return lines.join('\n');
}
