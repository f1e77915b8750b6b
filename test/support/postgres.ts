import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DEFAULT_DATABASE_URL } from '@faultline/archive';

// A fresh database per test on the archive's PostgreSQL: DATABASE_URL when set, otherwise the
// embedded one infra/test.sh starts (127.0.0.1:54329). Dropped when the test ends.

export const PG_URL = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;

export function databaseUrl(base: string, name: string): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createTestDatabase(
  base = PG_URL,
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `faultline_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl(base, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: databaseUrl(base, name),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: databaseUrl(base, 'postgres') });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
