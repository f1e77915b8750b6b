import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { repoRoot } from '@faultline/shared/paths';
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
// units, _total on counters, help texts), and the Grafana dashboard and the Prometheus config
// stay in step with them: every panel query is valid PromQL (`promtool check rules` parses it)
// and names only metrics some service exports, and every service is a scrape target. promtool
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

/** promtool's complaints ('' when it is content; "SUCCESS" lines are not complaints). */
function promtool(args: string[], input?: string): string {
  try {
    execFileSync(PROMTOOL, args, { stdio: 'pipe', ...(input === undefined ? {} : { input }) });
    return '';
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer };
    return `${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`.trim() || String(err);
  }
}

describe.skipIf(!present)('metrics conventions', () => {
  let stack: Stack | undefined;
  let db: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  const exposition: Record<string, string> = {};
  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({
      services: SERVICES,
      config: { redis: { url: REDIS_URL }, archive: { databaseUrl: db.url } },
    });
    await Promise.all(SERVICES.map((s) => waitReady(stack!, s, 90_000)));
    for (const s of SERVICES)
      exposition[s] = await (await fetch(`${stack!.url(s)}/metrics`)).text();
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  }, 60_000);

  it.each(SERVICES)('%s: /metrics passes promtool check metrics', (service) => {
    expect(promtool(['check', 'metrics'], exposition[service]!)).toBe('');
  });

  it('the Grafana dashboard queries are valid PromQL over metrics the services export', () => {
    const exported = new Set(
      Object.values(exposition).flatMap((t) =>
        [...t.matchAll(/^# TYPE (\S+) (\w+)/gm)].flatMap(([, name, type]) =>
          type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name!],
        ),
      ),
    );
    const dashboard = JSON.parse(
      readFileSync(join(repoRoot, 'infra', 'grafana', 'dashboards', 'faultline.json'), 'utf8'),
    ) as {
      panels: { title: string; targets?: { expr?: string }[] }[];
      templating: { list: { query: unknown }[] };
    };
    const exprs = [
      ...dashboard.panels.flatMap((p) =>
        (p.targets ?? []).map((t) => ({ title: p.title, expr: t.expr })),
      ),
      ...dashboard.templating.list.map((v) => ({
        title: 'variable',
        expr: String((v.query as { query?: string })?.query ?? v.query).replace(
          /^label_values\((.*), \w+\)$/,
          '$1',
        ),
      })),
    ].filter((e): e is { title: string; expr: string } => Boolean(e.expr));
    expect(exprs.length).toBeGreaterThan(10);
    const missing = exprs.flatMap(({ title, expr }) =>
      [...expr.matchAll(/\bfaultline_\w+/g)]
        .map(([m]) => m)
        .filter((m) => !exported.has(m))
        .map((m) => `${title}: ${m}`),
    );
    expect(missing).toEqual([]);
    // Each query as a recording rule, so promtool parses it (Grafana's $variables filled in).
    const dir = mkdtempSync(join(tmpdir(), 'faultline-promql-'));
    try {
      const file = join(dir, 'dashboard-queries.yml');
      const rules = exprs.map(({ expr }, i) => ({
        record: `dashboard:query_${i}`,
        expr: expr.replace(/\$\w+/g, '.+'),
      }));
      writeFileSync(file, stringify({ groups: [{ name: 'dashboard', rules }] }));
      expect(promtool(['check', 'rules', file])).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Prometheus scrapes every service', () => {
    const config = parse(
      readFileSync(join(repoRoot, 'infra', 'prometheus', 'prometheus.yml'), 'utf8'),
    ) as {
      scrape_configs: { static_configs: { targets: string[] }[] }[];
    };
    const targets = config.scrape_configs.flatMap((c) =>
      c.static_configs.flatMap((s) => s.targets),
    );
    for (const s of SERVICES)
      expect(
        targets.some((t) => t.startsWith(`${s}:`)),
        s,
      ).toBe(true);
    const file = join(repoRoot, 'infra', 'prometheus', 'prometheus.yml');
    expect(promtool(['check', 'config', '--syntax-only', file])).toBe('');
  });
});
