import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { loadConfig } from '@faultline/shared/config';
import { createLogger } from '@faultline/shared/log';
import { ITEMS } from '@faultline/shared/state/archive-tables';
import {
  DAY,
  QUERIES,
  backendCpuMs,
  round,
  stats,
  tableBytes,
  timed,
  vacuumAnalyze,
  withDb,
} from '../bench/archive-timing.ts';

export const summary =
  'benchmark the PostgreSQL archive: ingest items/s, search p50/p95 at N items (30-day filter), a one-year dyad series, bytes per item, beside an ILIKE scan baseline';

// Runs in a database of its own (created on the archive's PostgreSQL, dropped at the end):
// loads N fixture items spread over a year through the archive's own writer (the rows the
// service writes, in its batches), then times searches and series through the archive's own
// queries, and the same searches as ILIKE scans over the same rows.

export async function run(args: string[]): Promise<number> {
  // Loaded on use: listing the commands must not load the database client.
  const {
    ArchiveConfig,
    archiveItem,
    createArchiveWriter,
    createPool,
    mergeBatch,
    migrate,
    readDyadSeries,
    searchIlike,
    searchItems,
    toItemRows,
    SearchParams,
  } = await import('@faultline/archive');
  const { values } = parseArgs({
    args,
    options: {
      items: { type: 'string', default: '200000' },
      'body-words': { type: 'string', default: '300' },
      batch: { type: 'string', default: '1000' },
      writers: { type: 'string', default: '2' },
      runs: { type: 'string', default: '40' },
      'baseline-runs': { type: 'string', default: '8' },
      keep: { type: 'boolean', default: false },
      // Time the searches against a database an earlier --keep run loaded (no load, no drop).
      db: { type: 'string' },
    },
  });
  let total = Number(values.items);
  const batchSize = Number(values.batch);
  const writers = Math.max(1, Number(values.writers));
  const runs = Number(values.runs);
  const config = loadConfig(ArchiveConfig);
  const base = new URL(config.archive.databaseUrl);
  const reuse = values.db !== undefined;
  if (reuse && !/^faultline_bench_[0-9a-f]{8}$/.test(values.db!))
    throw new Error('--db takes a faultline_bench_<hex> database kept by --keep');
  const name = values.db ?? `faultline_bench_${randomBytes(4).toString('hex')}`;
  if (!reuse) {
    const admin = new pg.Client({ connectionString: withDb(base, 'postgres') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
  }
  const url = withDb(base, name);
  const log = createLogger({ service: 'bench-archive', level: 'warn' });
  const pool = createPool(url, { max: writers + 2, name: 'bench-archive' });
  // The backends serving the pool, so the CPU that ingest costs PostgreSQL can be read.
  const backends = new Set<number>();
  pool.on('connect', (client) => {
    const pid = (client as unknown as { processID?: number }).processID;
    if (pid) backends.add(pid);
  });
  const backendsCpuMs = () => {
    let sum = 0;
    for (const pid of backends) {
      const ms = backendCpuMs(pid);
      if (ms === null) return null;
      sum += ms;
    }
    return sum;
  };
  const progress = (msg: string) => process.stderr.write(`bench archive: ${msg}\n`);
  try {
    await migrate(url, log);
    const now = Date.now();
    const start = new Date(now - 365 * DAY);
    const spacingMs = (365 * DAY) / total;
    const bodyWords = Number(values['body-words']);
    const writer = createArchiveWriter(pool);
    const load0 = loadavg()[0]!;

    // --- ingest ---------------------------------------------------------------------------
    let ingest: Record<string, unknown> | null = null;
    if (reuse)
      total = Number((await pool.query(`SELECT count(*) AS n FROM ${ITEMS.name}`)).rows[0].n);
    else {
      let next = 0;
      const cpu0 = backendsCpuMs() ?? 0;
      const client0 = process.cpuUsage();
      const t0 = performance.now();
      let lastReport = t0;
      const worker = async () => {
        for (;;) {
          const from = next;
          if (from >= total) return;
          next = Math.min(total, from + batchSize);
          const items = [];
          for (let n = from; n < next; n++)
            items.push(archiveItem(n, { start, spacingMs, bodyWords }));
          await writer.writeItems(mergeBatch(items.map(toItemRows)));
          if (performance.now() - lastReport > 10_000) {
            lastReport = performance.now();
            progress(
              `${next} / ${total} items (${Math.round(next / ((lastReport - t0) / 1000))}/s)`,
            );
          }
        }
      };
      await Promise.all(Array.from({ length: writers }, worker));
      const ingestS = (performance.now() - t0) / 1000;
      const cpu1 = backendsCpuMs();
      const clientCpu = process.cpuUsage(client0);
      const ingestCpuMsPerItem = cpu1 === null ? null : round((cpu1 - cpu0) / total, 3);
      progress(`loaded ${total} items in ${round(ingestS)} s; vacuum analyze`);
      await vacuumAnalyze(url);
      const ingestRate = Math.round(total / ingestS);
      ingest = {
        itemsPerSecond: ingestRate,
        seconds: round(ingestS),
        batch: batchSize,
        writers,
        goal: 5000,
        met: ingestRate >= 5000,
        // Load-independent: what one item costs the writing backends (utime + stime), and
        // the rate one core would give at that cost; the bench's own item generation apart.
        backendCpuMsPerItem: ingestCpuMsPerItem,
        itemsPerSecondPerCore: ingestCpuMsPerItem ? Math.round(1000 / ingestCpuMsPerItem) : null,
        benchCpuMsPerItem: round((clientCpu.user + clientCpu.system) / 1000 / total, 3),
        note: 'whole analyzed items through the archive writer (rows, tsvector, partitions, ON CONFLICT); Kafka not included',
      };
    }

    // --- size ------------------------------------------------------------------------------
    const bytes = await tableBytes(pool);
    const totalBytes = Object.values(bytes).reduce((a, b) => a + b, 0);
    const inWindow = Number(
      (
        await pool.query(`SELECT count(*) AS n FROM ${ITEMS.name} WHERE ts >= $1`, [
          new Date(now - 30 * DAY),
        ])
      ).rows[0].n,
    );

    // --- search ----------------------------------------------------------------------------
    // Timed on one connection, so the CPU its backend spends can be read as well.
    const one = createPool(url, { max: 1, name: 'bench-archive-timing' });
    const pid = Number((await one.query('SELECT pg_backend_pid() AS p')).rows[0].p);
    const cpuOf = async (fn: () => Promise<unknown>, n: number) => {
      const c0 = backendCpuMs(pid);
      for (let i = 0; i < n; i++) await fn();
      const c1 = backendCpuMs(pid);
      return c0 === null || c1 === null ? null : round((c1 - c0) / n);
    };
    const since = new Date(now - 30 * DAY);
    const fts: number[] = [];
    const hitsPerQuery: Record<string, number> = {};
    for (const q of QUERIES) await searchItems(one, SearchParams.parse({ q }), 20); // warm
    for (let i = 0; i < runs; i++) {
      const q = QUERIES[i % QUERIES.length]!;
      const params = { ...SearchParams.parse({ q }), since };
      const [ms, hits] = await timed(() => searchItems(one, params, 20));
      fts.push(ms);
      hitsPerQuery[q] = hits.length;
    }
    const ftsCpu = await cpuOf(
      () => searchItems(one, { ...SearchParams.parse({ q: 'urgent negotiations' }), since }, 20),
      runs,
    );
    const matches: Record<string, number> = {};
    for (const q of QUERIES.slice(0, 4)) {
      const r = await pool.query(
        `SELECT count(*)::int AS n FROM ${ITEMS.name} WHERE ts >= $1 AND tsv @@ (websearch_to_tsquery('english', $2) || websearch_to_tsquery('simple', $2))`,
        [since, q],
      );
      matches[q] = r.rows[0].n;
    }
    progress('search timed; now the ILIKE baseline');
    const ilike: number[] = [];
    const baselineRuns = Number(values['baseline-runs']);
    for (let i = 0; i < baselineRuns; i++) {
      const q = QUERIES[i % QUERIES.length]!;
      const [ms] = await timed(() => searchIlike(one, q, { since }, 20));
      ilike.push(ms);
    }

    const ilikeCpu = await cpuOf(() => searchIlike(one, 'urgent negotiations', { since }, 20), 2);

    // --- dyad series -----------------------------------------------------------------------
    const series: number[] = [];
    let points = 0;
    for (let i = 0; i < Math.max(10, runs / 2); i++) {
      const [ms, s] = await timed(() =>
        readDyadSeries(one, 'RUS', 'UKR', {
          since: start,
          until: new Date(now),
          bucket: 'day',
          both: true,
        }),
      );
      series.push(ms);
      points = s.points.length;
    }

    const seriesCpu = await cpuOf(
      () =>
        readDyadSeries(one, 'RUS', 'UKR', {
          since: start,
          until: new Date(now),
          bucket: 'day',
          both: true,
        }),
      10,
    );
    await one.end();
    const ftsStats = stats(fts);
    const ilikeStats = stats(ilike);
    const seriesStats = stats(series);
    const version = (await pool.query("SELECT current_setting('server_version') AS v")).rows[0].v;
    console.log(
      JSON.stringify({
        bench: 'archive',
        postgres: version,
        machine: {
          cpus: cpus().length,
          loadAvg1mAtStart: round(load0, 1),
          loadAvg1mAtEnd: round(loadavg()[0]!, 1),
        },
        items: total,
        bodyWordsPerItem: bodyWords,
        spreadDays: 365,
        // null with --db: the items were loaded (and ingest measured) by the run that kept it.
        ingest,
        database: reuse ? `${name} (kept by an earlier run, reused)` : undefined,
        search: {
          query: 'two words, last 30 days, ranked top 20 with snippets',
          itemsInWindow: inWindow,
          matchesInWindow: matches,
          latencyMs: ftsStats,
          backendCpuMsMean: ftsCpu,
          goalP95Ms: 50,
          met: ftsStats.p95 <= 50,
        },
        baseline: {
          name: 'ILIKE scan over the same rows and window',
          latencyMs: ilikeStats,
          backendCpuMsMean: ilikeCpu,
        },
        speedup: {
          backendCpu: ftsCpu && ilikeCpu ? round(ilikeCpu / Math.max(0.1, ftsCpu)) : null,
          p50: round(ilikeStats.p50 / Math.max(0.01, ftsStats.p50)),
          p95: round(ilikeStats.p95 / Math.max(0.01, ftsStats.p95)),
        },
        dyadSeries: {
          dyad: 'RUS-UKR (both directions)',
          days: 365,
          points,
          latencyMs: seriesStats,
          backendCpuMsMean: seriesCpu,
          goalMs: 200,
          met: seriesStats.p95 <= 200,
        },
        disk: {
          bytesPerItem: Math.round(totalBytes / total),
          totalMB: round(totalBytes / 1e6),
          byTable: Object.fromEntries(
            Object.entries(bytes).map(([k, v]) => [k, Math.round(v / total)]),
          ),
        },
      }),
    );
    return 0;
  } finally {
    await pool.end();
    if (!values.keep && !reuse) {
      const c = new pg.Client({ connectionString: withDb(base, 'postgres') });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    } else progress(`kept database ${name}`);
  }
}
