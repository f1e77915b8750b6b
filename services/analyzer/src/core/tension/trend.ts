import type { AnalyzedItem, TensionEvent } from '@faultline/shared/schemas';

// The rolling tension index per dyad, as pure functions. An item contributes to each of its
// dyads `score x independence`, where independence counts a story once however many feeds carry
// it: the first item of a story gives 1, each further item from a new domain adds a smaller
// share (1/(n+1)), a repeat from a domain already seen adds nothing. Dyads are unordered
// (Russia->NATO and NATO->Russia feed one "RUS|ORG:NATO" index). Spikes compare the last hour
// with the dyad's own hourly baseline over the previous 7 days (z-score).

export const WINDOWS = { '1h': 3600_000, '24h': 86_400_000, '7d': 604_800_000 } as const;
export type WindowName = keyof typeof WINDOWS;

export interface Contribution {
  dyad: string;
  storyId: string;
  weight: number;
  at: number;
}

export function dyadKey(source: string, target: string): string {
  return source < target ? `${source}|${target}` : `${target}|${source}`;
}

export function parseDyadKey(key: string): { source: string; target: string } {
  const [source = '', target = ''] = key.split('|');
  return { source, target };
}

/**
 * What one analysed item adds to the index. `domainsSeen` is how many distinct source domains
 * of this story were already counted for the dyad; `newDomain` whether this item's domain is new.
 */
export function contributionsOf(
  item: AnalyzedItem,
  seen: (dyad: string) => { domainsSeen: number; newDomain: boolean },
): Contribution[] {
  const at = Date.parse(item.publishedAt) || Date.now();
  const out: Contribution[] = [];
  for (const d of item.tension.dyads) {
    const dyad = dyadKey(d.source, d.target);
    const { domainsSeen, newDomain } = seen(dyad);
    if (!newDomain) continue;
    const independence = 1 / (domainsSeen + 1);
    out.push({ dyad, storyId: item.storyId, weight: d.score * independence, at });
  }
  return out;
}

/** Sums of weights per hour bucket -> the index over each window ending at `now`. */
export function windowSums(buckets: Map<number, number>, now: number): Record<WindowName, number> {
  const out = { '1h': 0, '24h': 0, '7d': 0 };
  for (const [hour, sum] of buckets) {
    const age = now - hour * 3600_000;
    for (const w of Object.keys(WINDOWS) as WindowName[]) if (age < WINDOWS[w]) out[w] += sum;
  }
  return out;
}

export interface SpikeOptions {
  /** z-score at or above which the last hour is a spike. */
  zThreshold: number;
  /** Smallest last-hour index worth an alert (one weak story is not a spike). */
  minValue: number;
  /** Floor on the baseline's standard deviation, so a silent dyad does not alert on noise. */
  minStd: number;
}

export const DEFAULT_SPIKE: SpikeOptions = { zThreshold: 3, minValue: 1.5, minStd: 0.25 };

/**
 * Compares the current hour's index with the previous 7 days of hourly values (hours with no
 * items count as 0). Returns the event, or null when there is no spike.
 */
export function detectSpike(
  dyad: string,
  buckets: Map<number, number>,
  now: number,
  storyIds: string[],
  options: SpikeOptions = DEFAULT_SPIKE,
): TensionEvent | null {
  const current = Math.floor(now / 3600_000);
  const value = buckets.get(current) ?? 0;
  const hours = 7 * 24;
  let sum = 0;
  let sq = 0;
  for (let h = current - hours; h < current; h++) {
    const v = buckets.get(h) ?? 0;
    sum += v;
    sq += v * v;
  }
  const mean = sum / hours;
  const std = Math.max(Math.sqrt(Math.max(0, sq / hours - mean * mean)), options.minStd);
  const zScore = (value - mean) / std;
  if (value < options.minValue || zScore < options.zThreshold) return null;
  return {
    dyad: parseDyadKey(dyad),
    window: '1h',
    value: Math.round(value * 1000) / 1000,
    baseline: Math.round(mean * 1000) / 1000,
    zScore: Math.round(zScore * 100) / 100,
    at: new Date(now).toISOString(),
    storyIds,
  };
}
