import { readFileSync } from 'node:fs';
import pg from 'pg';
import { TOPICS } from '@faultline/shared/topics';
import { ARCHIVE_TABLES } from '@faultline/shared/state/archive-tables';

// What bench archive measures with: its queries, percentiles, the CPU time of a PostgreSQL
// backend, and the URL of its own database.

export const DAY = 86_400_000;
export const QUERIES = [
  'nato sanctions',
  'border artillery',
  'naval exercise',
  'urgent negotiations',
  'ambassador recalled',
  'tanks deployment',
  'ceasefire violating',
  'satellite images',
];

export function pct(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!);
}
export const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
export const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: pct(s, 50), p95: pct(s, 95), runs: s.length };
};

/**
 * CPU seconds the PostgreSQL backend serving `pid` has used (utime + stime from /proc, in
 * clock ticks of 10 ms), or null off Linux or for a server on another machine. On a loaded
 * machine wall time is mostly waiting for a core; CPU time is what the query itself costs.
 */
export function backendCpuMs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

export async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const v = await fn();
  return [performance.now() - t0, v];
}

/** The server URL with another database name. */
export function withDb(base: URL, db: string): string {
  const u = new URL(base.toString());
  u.pathname = `/${db}`;
  return u.toString();
}

/**
 * VACUUM ANALYZE the whole database on a connection of its own: the pool's statement and read
 * timeouts (60/65 s) ended it at a million items on a loaded machine, failing the bench.
 */
export async function vacuumAnalyze(url: string): Promise<void> {
  const maint = new pg.Client({ connectionString: url });
  await maint.connect();
  try {
    await maint.query('SET statement_timeout = 0');
    await maint.query('VACUUM ANALYZE');
  } finally {
    await maint.end();
  }
}

/**
 * Bytes on disk of each table the items fill (news.analyzed's), its partitions, indexes and
 * TOAST included.
 */
export async function tableBytes(pool: pg.Pool): Promise<Record<string, number>> {
  const sizes = await pool.query<{ table: string; bytes: string }>(
    `SELECT t AS table, GREATEST(pg_total_relation_size(t::regclass),
       (SELECT COALESCE(sum(pg_total_relation_size(relid)), 0) FROM pg_partition_tree(t::regclass))) AS bytes
     FROM unnest($1::text[]) AS t`,
    [ARCHIVE_TABLES.filter((t) => t.from === TOPICS.analyzed).map((t) => t.name)],
  );
  return Object.fromEntries(sizes.rows.map((r) => [r.table, Number(r.bytes)]));
}
