import pg from 'pg';
import { fileURLToPath } from 'node:url';
import { RetriableError, PermanentError } from '@faultline/shared/errors';
import type { Logger } from '@faultline/shared/log';
import { MIGRATIONS_TABLE } from '@faultline/shared/state/archive-tables';

// The archive's PostgreSQL: a pool, the migrations (node-pg-migrate, SQL files in
// services/archive/migrations, run under its advisory lock so replicas can start together),
// and which failures are worth retrying.

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

export function createPool(url: string, options: { max?: number; name?: string } = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 8,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    application_name: options.name ?? 'faultline-archive',
    // A statement that never returns (a server gone quiet) must not hold a consumer forever.
    statement_timeout: 60_000,
    query_timeout: 65_000,
  });
  // An idle client whose server went away: the pool drops it; the next query reconnects.
  pool.on('error', () => undefined);
  // A checked-out client whose server went away also emits 'error' (its query fails as well,
  // and that failure is what the caller handles).
  pool.on('connect', (client) => void client.on('error', () => undefined));
  return pool;
}

/** Applies the pending migrations; returns their names. */
export async function migrate(url: string, log: Logger): Promise<string[]> {
  // Loaded here: the migration tool is needed once at start, not by every importer.
  const { runner } = await import('node-pg-migrate');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const done = await runner({
      dbClient: client,
      dir: MIGRATIONS_DIR,
      direction: 'up',
      migrationsTable: MIGRATIONS_TABLE,
      advisoryLockMode: 'wait',
      log: (msg) => log.debug({ component: 'migrate' }, msg),
    });
    const names = done.map((m) => m.name);
    if (names.length) log.info({ migrations: names }, 'archive schema migrated');
    return names;
  } finally {
    await client.end();
  }
}

const RETRIABLE_CLASSES = new Set(['08', '40', '53', '55', '57', '58']);

/** SQLSTATE of a pg error, if any. */
export function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * Connection trouble, a server shutting down, deadlocks and lock timeouts are retried; bad data
 * (class 22, 23) is permanent. An error with no SQLSTATE is a network failure: retried.
 */
export function classifyDbError(err: unknown): RetriableError | PermanentError {
  const state = sqlState(err);
  const message = (err as Error)?.message ?? String(err);
  if (
    state === undefined ||
    RETRIABLE_CLASSES.has(state.slice(0, 2)) ||
    state === '23514' ||
    state === '42P07'
  )
    return new RetriableError(`postgres: ${message}`, { cause: err });
  return new PermanentError(`postgres ${state}: ${message}`, 'db-rejected', { cause: err });
}

export async function pingDb(pool: pg.Pool): Promise<void> {
  await pool.query('SELECT 1');
}
