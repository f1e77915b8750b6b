import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startStack,
  waitReady,
  type ServiceName,
  type Stack,
} from '../../services/cli/src/up/stack.ts';
import { REDIS_URL } from '../support/brokers.ts';
import { createTestDatabase } from '../support/postgres.ts';

// Every service's /metrics passes `promtool check metrics` (Prometheus' own linter: names,
// units, _total on counters, help texts), as the ops dashboards and alert rules expect. promtool
// comes with Debian's prometheus package; without it the test says so in one line and skips.

const PROMTOOL = process.env.PROMTOOL_PATH ?? '/usr/bin/promtool';
const SERVICES: ServiceName[] = [
  'poller',
  'cleaner',
  'analyzer',
  'alerter',
  'dashboard',
  'archive',
];
const present = existsSync(PROMTOOL);
if (!present)
  console.log(
    `metrics conventions skipped: no promtool at ${PROMTOOL} (apt-get install prometheus)`,
  );

describe.skipIf(!present)('metrics conventions', () => {
  let stack: Stack | undefined;
  let db: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({
      services: SERVICES,
      config: { redis: { url: REDIS_URL }, archive: { databaseUrl: db.url } },
    });
    await Promise.all(SERVICES.map((s) => waitReady(stack!, s, 90_000)));
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  }, 60_000);

  it.each(SERVICES)('%s: /metrics passes promtool check metrics', async (service) => {
    const res = await fetch(`${stack!.url(service)}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    let problems = '';
    try {
      execFileSync(PROMTOOL, ['check', 'metrics'], { input: text, stdio: 'pipe' });
    } catch (err) {
      const e = err as { stdout?: Buffer; stderr?: Buffer };
      problems = `${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`.trim() || String(err);
    }
    expect(problems).toBe('');
  });
});
