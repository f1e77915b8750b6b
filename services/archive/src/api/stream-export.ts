import type { ServerResponse } from 'node:http';
import { Transform, pipeline } from 'node:stream';
import type pg from 'pg';
import QueryStream from 'pg-query-stream';
import { toCsvLine, CSV_COLUMNS } from '../core/export-format.ts';
import { HttpProblem, sendProblem } from './problem.ts';

/** Streams a query's rows as NDJSON or CSV, a few hundred rows at a time (pg-query-stream). */
export async function streamRows(
  pool: pg.Pool,
  sql: string,
  values: unknown[],
  format: 'ndjson' | 'csv',
  res: ServerResponse,
): Promise<void> {
  const client = await pool.connect();
  const rows = client.query(new QueryStream(sql, values, { batchSize: 500 }));
  let first = true;
  const encode = new Transform({
    writableObjectMode: true,
    transform(row: Record<string, unknown>, _enc, done) {
      let out = '';
      if (first) {
        res.writeHead(200, {
          'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
          'content-disposition': `attachment; filename="faultline-export.${format === 'csv' ? 'csv' : 'ndjson'}"`,
        });
        if (format === 'csv') out += `${CSV_COLUMNS.join(',')}\r\n`;
        first = false;
      }
      out += format === 'csv' ? toCsvLine(row) : `${JSON.stringify(row)}\n`;
      done(null, out);
    },
    flush(done) {
      if (first) {
        res.writeHead(200, {
          'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
        });
        done(null, format === 'csv' ? `${CSV_COLUMNS.join(',')}\r\n` : '');
      } else done();
    },
  });
  await new Promise<void>((resolve) => {
    pipeline(rows, encode, res, (err) => {
      // A client that went away mid-export: the connection's cursor is abandoned with it.
      client.release(err ?? undefined);
      if (err && !res.headersSent)
        sendProblem(res, new HttpProblem(503, 'Archive unavailable', 'the export failed'));
      resolve();
    });
  });
}
