import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import type { TensionEvent } from '@faultline/shared/schemas';
import { AlertV1 } from '@faultline/shared/schemas';
import { parseRulesYaml, type Rule } from './rules-schema.ts';
import {
  buildTrendAlert,
  decideTrendAlert,
  matchTrendRule,
  matchTrendRules,
  trendTitle,
} from './match-trend.ts';
import { matchRules } from './match-rules.ts';
import { buildSlackMessage } from './slack-blocks.ts';
import { seedItem } from '../fixtures/analyzed-items.ts';

function rules(yaml: string): Rule[] {
  const r = parseRulesYaml(yaml);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.rules;
}

const [spikeRule] = rules(`
rules:
  - id: rus-nato-spike
    name: Russia–NATO spike
    severity: high
    channels: [ops]
    cooldown: 6h
    trend: { dyad: [RUS, ORG:NATO], window: [1h, 7d], minZ: 3 }
`) as [Rule];

const event = (over: Partial<TensionEvent> = {}): TensionEvent => ({
  dyad: { source: 'ORG:NATO', target: 'RUS' },
  window: '1h',
  value: 4.2,
  baseline: 0.3,
  zScore: 3.24,
  at: '2025-03-01T10:20:00.000Z',
  storyIds: ['s_1', 's_2'],
  ...over,
});

describe('trend rules: schema', () => {
  it('accepts a trend rule and a single window, rejects match+trend and trend digests', () => {
    expect(spikeRule.trend?.window).toEqual(['1h', '7d']);
    const single = rules(
      `rules:\n  - {id: t, channels: [c], trend: {dyad: [USA, CHN], window: 24h}}`,
    );
    expect(single[0]!.trend).toMatchObject({ window: ['24h'], minZ: 3, dyad: [['USA'], ['CHN']] });
    const bad = parseRulesYaml(`
rules:
  - {id: both, channels: [c], match: {minScore: 0.2}, trend: {dyad: [A, B]}}
  - {id: neither, channels: [c]}
  - {id: dig, channels: [c], trend: {dyad: [A, B]}, digest: {after: 2, window: 1h}}
  - {id: win, channels: [c], trend: {dyad: [A, B], window: 2h}}
`);
    expect(bad.ok).toBe(false);
    const text = bad.ok ? '' : bad.errors.join('\n');
    expect(text).toMatch(/rule "both".*both match and trend/);
    expect(text).toMatch(/rule "neither".*needs a match/);
    expect(text).toMatch(/rule "dig".*not trend rules/);
    expect(text).toMatch(/rule "win" trend\.window/);
  });

  it('ships an example trend rule, which item matching ignores', () => {
    const r = parseRulesYaml(
      readFileSync(new URL('../../rules.example.yaml', import.meta.url), 'utf8'),
    );
    if (!r.ok) throw new Error(r.errors.join('\n'));
    const trend = r.rules.filter((x) => x.trend);
    expect(trend.map((x) => x.id)).toEqual(['russia-nato-tension-spike']);
    expect(matchRules(seedItem(), r.rules).map((m) => m.rule.id)).not.toContain(
      'russia-nato-tension-spike',
    );
    expect(matchTrendRules(event(), r.rules).map((m) => m.rule.id)).toEqual([
      'russia-nato-tension-spike',
    ]);
  });
});

describe('trend rules: matching', () => {
  it('matches the dyad in either order, GOV:X as X, at or above minZ', () => {
    expect(matchTrendRule(event(), spikeRule)).toMatchObject({ a: 'RUS', b: 'ORG:NATO' });
    expect(
      matchTrendRule(event({ dyad: { source: 'GOV:RUS', target: 'ORG:NATO' } }), spikeRule),
    ).not.toBeNull();
    expect(matchTrendRule(event({ zScore: 3 }), spikeRule)).not.toBeNull();
    const govRule = rules(`rules:\n  - {id: g, channels: [c], trend: {dyad: [GOV:RUS, ORG:NATO]}}`);
    expect(matchTrendRule(event(), govRule[0]!)).not.toBeNull();
  });

  it('rejects another dyad, a weaker spike, another window, a disabled rule', () => {
    expect(matchTrendRule(event({ dyad: { source: 'RUS', target: 'USA' } }), spikeRule)).toBeNull();
    expect(matchTrendRule(event({ dyad: { source: 'RUS', target: 'RUS' } }), spikeRule)).toBeNull();
    expect(matchTrendRule(event({ zScore: 2.99 }), spikeRule)).toBeNull();
    expect(matchTrendRule(event({ window: '24h' }), spikeRule)).toBeNull();
    expect(matchTrendRule(event(), { ...spikeRule, enabled: false })).toBeNull();
    const [itemRule] = rules(`rules:\n  - {id: i, channels: [c], match: {minScore: 0.1}}`);
    expect(matchTrendRule(event(), itemRule!)).toBeNull();
  });

  it('titles the alert with readable actor names in the rule order', () => {
    expect(trendTitle(matchTrendRule(event(), spikeRule)!)).toBe(
      'Russia–NATO tension 3.2σ above its 7-day baseline',
    );
  });
});

describe('trend rules: once per (rule, dyad, window, bucket) and cooldown', () => {
  const m = (over: Partial<TensionEvent> = {}) => matchTrendRule(event(over), spikeRule)!;

  it('alerts first, then suppresses in the same bucket and within the cooldown', () => {
    const first = decideTrendAlert(null, m());
    expect(first.kind).toBe('alert');
    if (first.kind !== 'alert') return;
    const again = decideTrendAlert(first.next, m({ at: '2025-03-01T10:50:00.000Z', zScore: 5 }));
    expect(again).toMatchObject({ kind: 'suppress', reason: /bucket/ });
    const later = decideTrendAlert(first.next, m({ at: '2025-03-01T13:20:00.000Z' }));
    expect(later).toMatchObject({ kind: 'suppress', reason: /cooldown/ });
    const after = decideTrendAlert(first.next, m({ at: '2025-03-01T16:30:00.000Z' }));
    expect(after.kind).toBe('alert');
    if (after.kind === 'alert') expect(after.alertKey).not.toBe(first.alertKey);
  });

  it('gives a replayed event the same key, and separate keys per window and dyad', () => {
    const a = decideTrendAlert(null, m());
    const b = decideTrendAlert(null, m({ at: '2025-03-01T10:59:00.000Z' }));
    const c = decideTrendAlert(null, m({ window: '7d' }));
    const key = (d: typeof a) => (d.kind === 'alert' ? d.alertKey : '');
    expect(key(a)).toBe(key(b));
    expect(key(a)).not.toBe(key(c));
    const flipped = decideTrendAlert(null, m({ dyad: { source: 'RUS', target: 'ORG:NATO' } }));
    expect(key(flipped)).toBe(key(a));
  });

  it('builds a valid Alert with the spike figures, and a Block Kit message', () => {
    const match = m();
    const d = decideTrendAlert(null, match);
    if (d.kind !== 'alert') throw new Error('expected an alert');
    const alert = AlertV1.parse(buildTrendAlert(match, d, new Date('2025-03-01T10:21:00Z')));
    expect(alert).toMatchObject({
      ruleId: 'rus-nato-spike',
      title: 'Russia–NATO tension 3.2σ above its 7-day baseline',
      storyId: 'trend:ORG:NATO|RUS:1h',
      channels: ['ops'],
      trend: { zScore: 3.24, window: '1h', baseline: 0.3, storyIds: ['s_1', 's_2'] },
    });
    expect(alert.explanation.entities.map((e) => e.id)).toEqual(['RUS', 'ORG:NATO']);
    const slack = JSON.stringify(buildSlackMessage(alert));
    expect(slack).toContain('HIGH · Russia–NATO spike');
    expect(slack).toContain('3.24σ');
    expect(slack).toContain('4.2 vs baseline 0.3');
  });
});
