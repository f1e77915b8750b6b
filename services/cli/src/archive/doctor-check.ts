import pg from 'pg';
import { loadConfig } from '@faultline/shared/config';
import { ArchiveConfig } from '@faultline/archive';
import { MIGRATIONS_TABLE } from '@faultline/shared/state/archive-tables';

// `faultline doctor`'s PostgreSQL check: the archive's database answers, which server it is,
// and whether its schema is migrated.

export async function checkArchiveDatabase(): Promise<{ ok: boolean; detail: string }> {
  const url = loadConfig(ArchiveConfig).archive.databaseUrl;
  const where = url.replace(/\/\/[^@]*@/, '//');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const version = (
      await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")
    ).rows[0]?.v;
    const migrated = await client.query('SELECT to_regclass($1) AS t', [MIGRATIONS_TABLE]);
    const schema = migrated.rows[0]?.t
      ? 'archive schema present'
      : 'archive schema not created yet (the archive service migrates it at start)';
    return { ok: true, detail: `reachable at ${where} (PostgreSQL ${version}); ${schema}` };
  } catch (err) {
    return {
      ok: false,
      detail: `cannot reach PostgreSQL at ${where}: ${(err as Error).message}. Start the embedded one with 'bash infra/postgres/start.sh' or set DATABASE_URL.`,
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}
