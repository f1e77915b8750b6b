import type { HistoryPoint } from './model.ts';

// The last hour for the sparklines: ticks arrive every refresh (about 1 s) and are averaged into
// buckets (10 s by default), so an hour is 360 points however often the page refreshes. Closed
// buckets are also kept in Redis (io/history-store.ts), so a restarted dashboard shows the hour
// before it, and replicas show the same points (mergePoints).

export interface HistoryRing {
  bucketMs: number;
  max: number;
  points: HistoryPoint[];
  pending: { bucket: number; n: number; rates: Record<string, number>; lag: number } | null;
}

export function createHistoryRing(bucketMs = 10_000, windowMs = 3_600_000): HistoryRing {
  return { bucketMs, max: Math.ceil(windowMs / bucketMs), points: [], pending: null };
}

/** Adds one tick; returns true when a bucket closed (the points changed). */
export function addTick(
  ring: HistoryRing,
  at: Date,
  rates: Record<string, number>,
  lag: number,
): boolean {
  const bucket = Math.floor(at.getTime() / ring.bucketMs);
  let closed = false;
  if (ring.pending && ring.pending.bucket !== bucket) {
    const point = closeBucket(ring);
    const last = ring.points.at(-1);
    // Points read back from Redis may already hold this bucket (another replica closed it).
    if (last && last.t >= point.t) mergePoints(ring, [point]);
    else ring.points.push(point);
    if (ring.points.length > ring.max) ring.points.splice(0, ring.points.length - ring.max);
    ring.pending = null;
    closed = true;
  }
  const p = (ring.pending ??= { bucket, n: 0, rates: {}, lag: 0 });
  p.n++;
  p.lag = Math.max(p.lag, lag);
  for (const [k, v] of Object.entries(rates)) p.rates[k] = (p.rates[k] ?? 0) + v;
  return closed;
}

function closeBucket(ring: HistoryRing): HistoryPoint {
  const p = ring.pending!;
  const rates: Record<string, number> = {};
  for (const [k, v] of Object.entries(p.rates)) rates[k] = Math.round((v / p.n) * 100) / 100;
  return { t: new Date(p.bucket * ring.bucketMs).toISOString(), rates, lag: p.lag };
}

/** Oldest first (bucket times are ISO strings of one format: they sort as text). */
export const oldestFirst = (a: HistoryPoint, b: HistoryPoint): number =>
  a.t < b.t ? -1 : a.t > b.t ? 1 : 0;

/**
 * The ring's points joined with the ones kept in Redis (by every replica): one point per bucket
 * time, the stored one when both have it (replicas converge on what was written last), oldest
 * first, the newest `ring.max` kept.
 */
export function mergePoints(ring: HistoryRing, stored: readonly HistoryPoint[]): void {
  const byTime = new Map<string, HistoryPoint>();
  for (const p of ring.points) byTime.set(p.t, p);
  for (const p of stored) byTime.set(p.t, p);
  const merged = [...byTime.values()].sort(oldestFirst);
  ring.points = merged.slice(-ring.max);
}
