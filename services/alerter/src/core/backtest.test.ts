import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { createBacktest } from './backtest.ts';
import { parseRulesYaml } from './rules-schema.ts';
import { celebrityTailItem, seedItem } from '../fixtures/analyzed-items.ts';

describe('backtest', () => {
  it('counts alerts per rule and story, against naive per-item alerting', () => {
    const parsed = parseRulesYaml(
      readFileSync(new URL('../../rules.example.yaml', import.meta.url), 'utf8'),
    );
    if (!parsed.ok) throw new Error(parsed.errors.join());
    const bt = createBacktest(parsed.rules);
    const later = (min: number) =>
      new Date(Date.parse('2021-12-14T10:01:02Z') + min * 60_000).toISOString();
    bt.add(seedItem());
    bt.add(
      seedItem({
        itemId: 'i_copy',
        feedId: 'f_copy',
        analyzedAt: later(5),
        url: 'https://other.example.net/x',
      }),
    );
    bt.add(celebrityTailItem());
    const r = bt.finish();
    expect(r.items).toBe(3);
    expect(r.rules['watchlist']).toMatchObject({
      alerts: 1,
      naiveAlerts: 2,
      suppressed: 1,
    });
    expect(r.rules['watchlist']!.stories).toEqual([
      { storyId: 's_seedstory0000000001', title: expect.stringContaining('Soaring'), alerts: 1 },
    ]);
    // The second outlet corroborates the nuclear story: it fires on the copy, not before.
    expect(r.rules['nuclear-threat-corroborated']).toMatchObject({ alerts: 1, naiveAlerts: 1 });
    expect(r.naiveAlerts).toBeGreaterThan(r.alerts);
  });
});
