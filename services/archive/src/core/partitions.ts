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
