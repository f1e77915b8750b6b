import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { createRedis } from '@faultline/shared/queue';
import { createHistory, historyKey } from '@faultline/shared/state/alert-history';
import { run, type RuleRow } from '../../services/cli/src/commands/rules-ls.ts';
import { REDIS_URL, uniqueName } from '../support/brokers.ts';

// `faultline rules ls` against the real Redis: the rules file's rules with their channels (and
// the destination type each resolves to), and when each last fired, read back from the alert
// history the alerter writes (isolated by a unique key prefix set through the environment).

const prefix = `${uniqueName('test-rules-ls')}:`;
const dir = mkdtempSync(join(tmpdir(), 'faultline-rules-ls-'));
const rulesFile = join(dir, 'rules.yaml');
let redis: Redis;
const saved = { ...process.env };

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  try {
    return { code: await run(args), out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

beforeAll(async () => {
  process.env.FAULTLINE_ALERTER__REDIS_PREFIX = prefix;
  process.env.FAULTLINE_REDIS__URL = REDIS_URL;
  writeFileSync(
    rulesFile,
    [
      'rules:',
      '  - { id: taiwan-strait, severity: high, channels: [ops-slack], match: { minScore: 0.5 } }',
      '  - { id: sahel, channels: [ops-slack, siem-webhook], cooldown: 2h, match: { minScore: 0.3 } }',
      '  - { id: quiet, enabled: false, channels: [siem-webhook], match: { minScore: 0.9 } }',
    ].join('\n'),
  );
  redis = createRedis(REDIS_URL);
  const history = createHistory(redis, historyKey(prefix), 1000);
  await history.record({
    type: 'alert',
    alertKey: 'a1',
    ruleId: 'sahel',
    at: '2026-12-01T08:00:00.000Z',
  });
  await history.record({
    type: 'delivery',
    alertKey: 'a1',
    destination: 'ops-slack',
    outcome: 'delivered',
  });
  await history.record({
    type: 'alert',
    alertKey: 'a2',
    ruleId: 'taiwan-strait',
    at: '2026-12-02T09:00:00.000Z',
  });
  await history.record({
    type: 'alert',
    alertKey: 'a3',
    ruleId: 'sahel',
    at: '2026-12-03T10:00:00.000Z',
  });
  await history.record({ type: 'suppressed', alertKey: 'a4', ruleId: 'quiet', reason: 'muted' });
});

afterAll(async () => {
  process.env = saved;
  await redis.del(historyKey(prefix));
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

describe('faultline rules ls', () => {
  it('lists each rule with its channels and its last fire (--json)', async () => {
    const { code, out } = await cli('--rules', rulesFile, '--json');
    expect(code).toBe(0);
    const report = JSON.parse(out) as { historyEntriesRead: number; rules: RuleRow[] };
    expect(report.historyEntriesRead).toBe(5);
    const byId = Object.fromEntries(report.rules.map((r) => [r.id, r]));
    expect(byId.sahel).toMatchObject({
      lastFiredAt: '2026-12-03T10:00:00.000Z',
      alertsInHistory: 2,
      cooldownMs: 7_200_000,
      channels: [
        { name: 'ops-slack', type: 'log' },
        { name: 'siem-webhook', type: 'log' },
      ],
    });
    expect(byId['taiwan-strait']).toMatchObject({ severity: 'high', alertsInHistory: 1 });
    // A suppressed alert is not a fire.
    expect(byId.quiet).toMatchObject({ enabled: false, lastFiredAt: null, alertsInHistory: 0 });
  });

  it('prints a table by default', async () => {
    const { code, out } = await cli('--rules', rulesFile);
    expect(code).toBe(0);
    expect(out).toContain('3 rules from');
    expect(out).toMatch(/sahel\s+medium\s+items\s+ops-slack:log, siem-webhook:log\s+2026-12-03T10/);
    expect(out).toMatch(/quiet \(disabled\).*never/);
  });

  it('refuses an invalid rules file naming the rule and key (exit 2)', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'rules:\n  - { id: x, channels: [nowhere], match: { minScore: 2 } }\n');
    const { code, err } = await cli('--rules', bad);
    expect(code).toBe(2);
    expect(err).toContain('rule "x" match.minScore');
  });
});
