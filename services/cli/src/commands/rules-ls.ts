import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ParseArgsOptions } from '../cli-help.ts';
import { loadConfig } from '@faultline/shared/config';
import { repoRoot } from '@faultline/shared/paths';
import { createRedis } from '@faultline/shared/queue';
import { readAlertHistory } from '@faultline/shared/state/alert-history';
import { AlerterConfig, loadRulesFile, RulesError, type Rule } from '@faultline/alerter';

export const summary =
  'the loaded watch rules with their channels and when each last fired: rules ls [--rules <file>] [--json]';

/** Its options (also what `--help` lists). */
export const options = {
  rules: { type: 'string' },
  json: { type: 'boolean', default: false },
  scan: { type: 'string', default: '100000' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsOptions;

export const usage = `usage: faultline rules ls [--rules <file>] [--json] [--scan N]
  --rules  the rules file (default: alerter.rulesFile from the config)
  --json   one JSON object instead of a table
  --scan   how many alert-history entries to read back for last fires (default 100000, the
           history's default length)
Exit codes: 0 listed; 2 bad usage or an invalid rules file (its errors name the rule and key);
3 Redis unreachable.`;

export interface RuleRow {
  id: string;
  name: string;
  enabled: boolean;
  severity: string;
  watches: 'items' | 'trend';
  cooldownMs: number;
  channels: { name: string; type: string | null }[];
  /** Newest alert of the rule in the history read back, with how many it holds. */
  lastFiredAt: string | null;
  alertsInHistory: number;
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options });
  const scan = Number(values.scan);
  if (values.help || !Number.isInteger(scan) || scan < 0) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const config = loadConfig(AlerterConfig);
  const file = locate(values.rules ?? config.alerter.rulesFile);
  let rules: Rule[];
  try {
    rules = loadRulesFile(file, Object.keys(config.alerter.destinations));
  } catch (err) {
    if (!(err instanceof RulesError)) throw err;
    console.error(`rules ls: ${err.message}`);
    return 2;
  }
  const redis = createRedis(config.redis.url, { name: 'faultline-rules-ls' });
  let fired: Map<string, { last: string; count: number }>;
  let scanned: number;
  try {
    ({ fired, scanned } = await lastFires(redis, config.alerter.redisPrefix, scan));
  } finally {
    redis.disconnect();
  }
  const rows: RuleRow[] = rules.map((r) => ({
    id: r.id,
    name: r.name,
    enabled: r.enabled,
    severity: r.severity,
    watches: r.trend ? 'trend' : 'items',
    cooldownMs: r.cooldown,
    channels: r.channels.map((name) => ({
      name,
      type: config.alerter.destinations[name]?.type ?? null,
    })),
    lastFiredAt: fired.get(r.id)?.last ?? null,
    alertsInHistory: fired.get(r.id)?.count ?? 0,
  }));
  if (values.json) console.log(JSON.stringify({ file, historyEntriesRead: scanned, rules: rows }));
  else console.log(table(rows, file, scanned));
  return 0;
}

/** The rules path as the alerter resolves it: absolute, from here, or from the repository. */
function locate(path: string): string {
  if (isAbsolute(path) || existsSync(path)) return path;
  return join(repoRoot, path);
}

/** The history read back (newest first, up to `limit` entries): the newest alert per rule. */
async function lastFires(
  redis: ReturnType<typeof createRedis>,
  prefix: string,
  limit: number,
): Promise<{ fired: Map<string, { last: string; count: number }>; scanned: number }> {
  const fired = new Map<string, { last: string; count: number }>();
  const entries = limit ? await readAlertHistory(redis, { prefix, limit }) : [];
  for (const entry of entries) {
    if (entry.type !== 'alert' || !entry.ruleId) continue;
    const seen = fired.get(entry.ruleId);
    if (seen) seen.count++;
    else fired.set(entry.ruleId, { last: entry.at, count: 1 });
  }
  return { fired, scanned: entries.length };
}

function table(rows: RuleRow[], file: string, scanned: number): string {
  const now = Date.now();
  const lines = rows.map((r) => [
    r.id + (r.enabled ? '' : ' (disabled)'),
    r.severity,
    r.watches,
    r.channels.map((c) => `${c.name}${c.type ? `:${c.type}` : ':?'}`).join(', '),
    r.lastFiredAt ? `${r.lastFiredAt} (${ago(now - Date.parse(r.lastFiredAt))} ago)` : 'never',
    String(r.alertsInHistory),
  ]);
  const head = ['rule', 'severity', 'watches', 'channels', 'last fired', 'alerts'];
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    `${rows.length} rules from ${file} (last fires from the newest ${scanned} history entries)`,
    fmt(head),
    ...lines.map(fmt),
  ].join('\n');
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  if (s < 172_800) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86_400)}d`;
}
