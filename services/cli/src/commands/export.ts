import { parseArgs } from 'node:util';
import { createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import QueryStream from 'pg-query-stream';
import { loadConfig } from '@faultline/shared/config';
import { FILTER_OPTIONS, filterValues } from '../archive/filter-options.ts';

export const summary =
  'export archived items as NDJSON or CSV, streamed: faultline export [--q words] [--format csv] [filters] [--out file]';

export async function run(args: string[]): Promise<number> {
  // Loaded on use: listing the commands must not load the database client.
  const {
    ArchiveConfig,
    CSV_COLUMNS,
    ExportParams,
    createPool,
    describeIssues,
    exportQuery,
    toCsvLine,
  } = await import('@faultline/archive');
  const { values } = parseArgs({
    args,
    options: {
      ...FILTER_OPTIONS,
      q: { type: 'string' },
      format: { type: 'string', default: 'ndjson' },
      limit: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const raw: Record<string, string> = {
    ...filterValues(values),
    format: values.format ?? 'ndjson',
  };
  if (values.q) raw.q = values.q;
  if (values.limit) raw.limit = values.limit;
  const parsed = ExportParams.safeParse(raw);
  if (!parsed.success) {
    console.error(`faultline export: ${describeIssues(parsed.error)}`);
    return 2;
  }
  const params = parsed.data;
  const config = loadConfig(ArchiveConfig);
  const pool = createPool(config.archive.databaseUrl, { max: 1, name: 'faultline-export' });
  const client = await pool.connect();
  let rows = 0;
  try {
    const q = exportQuery(params, params.limit);
    const stream = client.query(new QueryStream(q.sql, q.values, { batchSize: 1000 }));
    let first = params.format === 'csv';
    const encode = new Transform({
      writableObjectMode: true,
      transform(row: Record<string, unknown>, _e, done) {
        rows++;
        const head = first ? `${CSV_COLUMNS.join(',')}\r\n` : '';
        first = false;
        done(null, head + (params.format === 'csv' ? toCsvLine(row) : `${JSON.stringify(row)}\n`));
      },
    });
    await pipeline(stream, encode, values.out ? createWriteStream(values.out) : process.stdout);
    console.error(`exported ${rows} item(s)${values.out ? ` to ${values.out}` : ''}`);
    return 0;
  } catch (err) {
    console.error(`faultline export: ${(err as Error).message}`);
    return 1;
  } finally {
    client.release();
    await pool.end();
  }
}
