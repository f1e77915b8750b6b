// Weekly partitions (Monday 00:00 UTC), as archive_ensure_partitions makes them, and which
// rows retention keeps. Pure date arithmetic.

const DAY = 86_400_000;

/** Monday 00:00 UTC of the week holding `t`, as an ISO string. */
export function weekStart(t: string | number | Date): string {
  const d = new Date(t);
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const dow = (new Date(midnight).getUTCDay() + 6) % 7; // Monday = 0
  return new Date(midnight - dow * DAY).toISOString();
}

/** The distinct weeks that a list of times falls in. */
export function weeksTouching(times: string[]): string[] {
  return [...new Set(times.map(weekStart))].sort();
}

/** The oldest time retention keeps: rows older than this are not archived (nor kept). */
export function retentionCutoff(retentionDays: number, now: Date = new Date()): Date {
  return new Date(now.getTime() - retentionDays * DAY);
}

/** A time slice [from, to); null is unbounded on that side. */
export interface Slice {
  from: Date | null;
  to: Date | null;
}

/**
 * [since, until) cut into the weekly partitions it touches, newest first: at most `max`
 * slices, the last one taking everything older. A search reads them in this order and stops
 * once it has enough matches, so a common query reads the newest week alone; each slice holds
 * whole partitions, so its bounds prune at planning time and the GIN index is the way in.
 */
export function weekSlices(
  since: Date | undefined,
  until: Date | undefined,
  max: number,
  now: Date = new Date(),
): Slice[] {
  const slices: Slice[] = [];
  let to: Date | null = until ?? null;
  // The newest week: the one holding until (or now, items may sit an hour ahead of it).
  let from = new Date(weekStart(until ? until.getTime() - 1 : now));
  for (;;) {
    if (since && from.getTime() <= since.getTime()) {
      slices.push({ from: since, to });
      return slices;
    }
    if (slices.length === max - 1) {
      slices.push({ from: since ?? null, to });
      return slices;
    }
    slices.push({ from, to });
    to = from;
    from = new Date(from.getTime() - 7 * DAY);
  }
}
