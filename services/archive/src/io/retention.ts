import type pg from 'pg';
import type { Logger } from '@faultline/shared/log';
import {
  ARCHIVE_TABLES,
  DROP_PARTITIONS_SQL,
  ENSURE_PARTITIONS_SQL,
} from '@faultline/shared/state/archive-tables';
import { retentionCutoff } from '../core/partitions.ts';

// Retention by whole partitions, as shared/src/state/archive-tables.ts gives each table's: every
// hour (and at start) the weekly partitions that ended before now - retentionDays are dropped,
// and stories last seen before then are deleted (with their copies). Partitions for this week
// and the next are made ahead of the writes.

const WEEK = 7 * 86_400_000;

export async function applyRetention(
  pool: pg.Pool,
  days: number,
  now: Date = new Date(),
): Promise<{ dropped: string[]; deleted: Record<string, number> }> {
  const cutoff = retentionCutoff(days, now);
  await pool.query(ENSURE_PARTITIONS_SQL, [now, new Date(now.getTime() + WEEK)]);
  const dropped = await pool.query<{ name: string }>(DROP_PARTITIONS_SQL, [cutoff]);
  // Rows of the tables kept by a time column (stories; their copies go with them).
  const deleted: Record<string, number> = {};
  for (const { name, retention } of ARCHIVE_TABLES)
    if (retention.kind === 'delete-older')
      deleted[name] =
        (await pool.query(`DELETE FROM ${name} WHERE ${retention.column} < $1`, [cutoff]))
          .rowCount ?? 0;
  return { dropped: dropped.rows.map((r) => r.name), deleted };
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
      if (r.dropped.length || Object.values(r.deleted).some((n) => n > 0))
        options.log.info({ dropped: r.dropped, deleted: r.deleted }, 'archive retention applied');
    } catch (err) {
      options.log.warn({ err }, 'archive retention not applied (will try again)');
    }
  };
  void run();
  const timer = setInterval(run, options.everyMs ?? 3_600_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
