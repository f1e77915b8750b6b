import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '@faultline/shared/paths';

// The Grafana provisioning in infra/grafana, checked the way Grafana reads it (no Grafana
// binary here): the datasource and dashboard providers parse and point where docker-compose
// mounts them; every dashboard has the shape Grafana 11 loads (uid, schemaVersion it knows,
// panels on the 24-column grid without overlaps, unique ids and refIds, datasources that are
// provisioned, template variables that are defined), and every faultline_* metric a query uses is
// one a service registers (its source, or prom-client's default metrics under our prefix).

const root = repoRoot;
const grafana = join(root, 'infra/grafana');
const compose = parseYaml(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, { image?: string; volumes?: string[] }>;
};

const Datasources = z.object({
  apiVersion: z.literal(1),
  datasources: z
    .array(
      z.object({
        name: z.string().min(1),
        uid: z.string().regex(/^[a-zA-Z0-9_-]{1,40}$/),
        type: z.string().min(1),
        access: z.enum(['proxy', 'direct']),
        url: z.url(),
      }),
    )
    .min(1),
});
const Providers = z.object({
  apiVersion: z.literal(1),
  providers: z
    .array(
      z.object({
        name: z.string().min(1),
        type: z.literal('file'),
        options: z.object({ path: z.string().startsWith('/') }),
      }),
    )
    .min(1),
});
const Target = z.object({ refId: z.string().min(1), expr: z.string().min(1) }).loose();
const Panel = z
  .object({
    id: z.number().int().positive(),
    type: z.enum([
      'row',
      'stat',
      'timeseries',
      'gauge',
      'bargauge',
      'table',
      'text',
      'heatmap',
      'piechart',
      'logs',
    ]),
    title: z.string().min(1),
    gridPos: z.object({
      h: z.number().int().positive(),
      w: z.number().int().min(1).max(24),
      x: z.number().int().min(0).max(23),
      y: z.number().int().min(0),
    }),
    datasource: z.object({ type: z.string(), uid: z.string() }).optional(),
    targets: z.array(Target).optional(),
  })
  .loose();
const Dashboard = z
  .object({
    uid: z.string().regex(/^[a-zA-Z0-9_-]{1,40}$/),
    title: z.string().min(1),
    // Grafana 11.2 writes 39; older ones are migrated on load, newer ones it does not know.
    schemaVersion: z.number().int().min(30).max(39),
    panels: z.array(Panel).min(1),
    templating: z
      .object({ list: z.array(z.object({ name: z.string(), type: z.string() }).loose()) })
      .optional(),
    time: z.object({ from: z.string(), to: z.string() }).optional(),
  })
  .loose();

/** Every faultline_* metric name the services' sources register, and prom-client's defaults. */
function knownMetrics(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory() && e.name !== 'node_modules') walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
        for (const m of readFileSync(p, 'utf8').matchAll(/name: ['`](faultline_[a-z0-9_]+)['`]/g))
          names.add(m[1]!);
    }
  };
  walk(join(root, 'services'));
  walk(join(root, 'shared/src'));
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'faultline_' });
  for (const m of registry.getMetricsAsArray()) names.add(m.name);
  return names;
}

const dashboards = readdirSync(join(grafana, 'dashboards')).filter((f) => f.endsWith('.json'));

describe('Grafana provisioning', () => {
  const ds = Datasources.parse(
    parseYaml(readFileSync(join(grafana, 'provisioning/datasources/prometheus.yml'), 'utf8')),
  );
  const providers = Providers.parse(
    parseYaml(readFileSync(join(grafana, 'provisioning/dashboards/faultline.yml'), 'utf8')),
  );

  it('is mounted where the providers look, in the Grafana docker-compose names', () => {
    const g = compose.services.grafana!;
    expect(g.image).toMatch(/^grafana\/grafana:11\./);
    const mounts = new Map(
      (g.volumes ?? []).map((v) => {
        const [from, to] = v.split(':');
        return [to!, from!];
      }),
    );
    expect(mounts.get('/etc/grafana/provisioning')).toBe('./infra/grafana/provisioning');
    for (const p of providers.providers)
      expect(mounts.get(p.options.path), p.options.path).toBe('./infra/grafana/dashboards');
    expect(new Set(ds.datasources.map((d) => d.uid)).size).toBe(ds.datasources.length);
    expect(dashboards.length).toBeGreaterThan(0);
  });

  const metrics = knownMetrics();
  for (const file of dashboards)
    it(`${file} loads: shape, grid, datasources, variables and metrics`, () => {
      const raw: unknown = JSON.parse(readFileSync(join(grafana, 'dashboards', file), 'utf8'));
      const parsed = Dashboard.safeParse(raw);
      expect(parsed.error?.issues ?? []).toEqual([]);
      const d = parsed.data!;
      const problems: string[] = [];
      const ids = d.panels.map((p) => p.id);
      if (new Set(ids).size !== ids.length) problems.push('panel ids repeat');
      const uids = new Set(ds.datasources.map((x) => x.uid));
      const vars = new Set((d.templating?.list ?? []).map((v) => v.name));
      const cells = new Map<string, string>();
      for (const p of d.panels) {
        const { x, y, w, h } = p.gridPos;
        if (x + w > 24) problems.push(`${p.title}: wider than the grid`);
        for (let i = x; i < Math.min(24, x + w); i++)
          for (let j = y; j < y + h; j++) {
            const other = cells.get(`${i},${j}`);
            if (other) problems.push(`${p.title} overlaps ${other}`);
            cells.set(`${i},${j}`, p.title);
          }
        if (p.datasource && !uids.has(p.datasource.uid) && !p.datasource.uid.startsWith('$'))
          problems.push(`${p.title}: datasource ${p.datasource.uid} is not provisioned`);
        if (p.type !== 'row' && p.type !== 'text' && !p.targets?.length)
          problems.push(`${p.title}: no query`);
        const refIds = (p.targets ?? []).map((t) => t.refId);
        if (new Set(refIds).size !== refIds.length) problems.push(`${p.title}: refIds repeat`);
        for (const t of p.targets ?? []) {
          for (const v of t.expr.matchAll(/\$(?:\{)?([A-Za-z_]\w*)/g))
            if (!v[1]!.startsWith('__') && !vars.has(v[1]!))
              problems.push(`${p.title}: $${v[1]} is not a variable`);
          for (const m of t.expr.matchAll(/\b(faultline_[a-z0-9_]+)/g)) {
            const name = m[1]!.replace(/_(bucket|sum|count)$/, '');
            if (!metrics.has(name) && !metrics.has(m[1]!))
              problems.push(`${p.title}: ${m[1]} is registered by no service`);
          }
          let depth = 0;
          for (const c of t.expr) {
            depth +=
              c === '(' || c === '{' || c === '['
                ? 1
                : c === ')' || c === '}' || c === ']'
                  ? -1
                  : 0;
            if (depth < 0) break;
          }
          if (depth !== 0) problems.push(`${p.title}: unbalanced brackets in ${t.expr}`);
        }
      }
      for (const v of d.templating?.list ?? []) {
        const q = JSON.stringify((v as { query?: unknown }).query ?? '');
        for (const m of q.matchAll(/\b(faultline_[a-z0-9_]+)/g))
          if (!metrics.has(m[1]!))
            problems.push(`variable ${v.name}: ${m[1]} is registered by no service`);
      }
      expect([...new Set(problems)]).toEqual([]);
    });
});
