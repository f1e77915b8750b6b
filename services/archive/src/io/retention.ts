import type pg from 'pg';
import type { Logger } from '@faultline/shared/log';
import { retentionCutoff } from '../core/partitions.ts';

// Retention by whole partitions: every hour (and at start) the weekly partitions that ended
// before now - retentionDays are dropped, and stories last seen before then are deleted (with
// their copies). Partitions for this week and the next are made ahead of the writes.

export async function applyRetention(
  pool: pg.Pool,
  days: number,
  now: Date = new Date(),
): Promise<{ dropped: string[]; stories: number }> {
  const cutoff = retentionCutoff(days, now);
  await pool.query(
    "SELECT archive_ensure_partitions($1::timestamptz, $1::timestamptz + interval '7 days')",
    [now.toISOString()],
  );
  const dropped = await pool.query<{ name: string }>(
    'SELECT archive_drop_partitions($1::timestamptz) AS name',
    [cutoff.toISOString()],
  );
  const stories = await pool.query('DELETE FROM stories WHERE last_seen < $1', [cutoff]);
  return { dropped: dropped.rows.map((r) => r.name), stories: stories.rowCount ?? 0 };
}

export function startRetention(options: {
  pool: pg.Pool;
  days: number;
  log: Logger;
  everyMs?: number;
}): { stop(): void } {
  const run = async () => {
    try {
      const r = await applyRetention(options.pool, options.days);
      if (r.dropped.length || r.stories)
        options.log.info({ dropped: r.dropped, stories: r.stories }, 'archive retention applied');
    } catch (err) {
      options.log.warn({ err }, 'archive retention not applied (will try again)');
    }
  };
  void run();
  const timer = setInterval(run, options.everyMs ?? 3_600_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
