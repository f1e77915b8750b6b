import type { DyadSeries, EntityCount } from './model.ts';

// The tension panel: the most active dyads of the last 24 h as hourly series, and the entities
// named most often. Inputs are hour-bucketed counts (hour = epoch ms / 3 600 000).

export type HourBuckets = ReadonlyMap<number, number>;

export function rankDyads(
  series: ReadonlyMap<string, { source: string; target: string; buckets: HourBuckets }>,
  now: Date,
  top = 6,
  hours = 24,
): DyadSeries[] {
  const last = Math.floor(now.getTime() / 3_600_000);
  const first = last - hours + 1;
  const ranked = [...series.values()]
    .map((s) => {
      let total = 0;
      const points = [];
      for (let h = first; h <= last; h++) {
        const v = s.buckets.get(h) ?? 0;
        total += v;
        points.push({ t: new Date(h * 3_600_000).toISOString(), v: Math.round(v * 1000) / 1000 });
      }
      return { source: s.source, target: s.target, points, total };
    })
    .filter((s) => s.total > 0)
    .sort((a, b) => b.total - a.total || a.source.localeCompare(b.source));
  return ranked.slice(0, top).map(({ source, target, points }) => ({ source, target, points }));
}

/** Sums hourly entity counts and returns the most frequent, with display names. */
export function topEntities(
  hourly: ReadonlyArray<Record<string, string | number>>,
  names: Readonly<Record<string, string>>,
  top = 20,
): EntityCount[] {
  const totals = new Map<string, number>();
  for (const h of hourly)
    for (const [id, n] of Object.entries(h)) totals.set(id, (totals.get(id) ?? 0) + Number(n));
  return [...totals]
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, top)
    .map(([id, count]) => ({ id, name: names[id] ?? id, count }));
}
