import { describe, it, expect } from 'vitest';
import { alertKeyFor } from '@faultline/shared/ids';
import { decideAlert, shouldFold, type StoryState } from './story-decision.ts';
import { matchRules } from './match-rules.ts';
import { parseRulesYaml, type Rule } from './rules-schema.ts';
import { seedItem } from '../fixtures/analyzed-items.ts';
import type { AnalyzedItem } from '@faultline/shared/schemas';

const parsed = parseRulesYaml(`
rules:
  - id: r
    channels: [c]
    cooldown: 1h
    match: { minScore: 0.3 }
    digest: { after: 2, window: 10m }
`);
if (!parsed.ok) throw new Error(parsed.errors.join());
const rule: Rule = parsed.rules[0]!;
const t0 = new Date('2024-01-01T00:00:00Z');
const later = (min: number) => new Date(t0.getTime() + min * 60_000);

/** Feeds items through decideAlert as the alerter does, keeping state in a Map. */
function run(items: Array<[AnalyzedItem, Date]>) {
  const states = new Map<string, StoryState>();
  return items.map(([item, now]) => {
    const m = matchRules(item, [rule], now)[0]!;
    const d = decideAlert(states.get(item.storyId) ?? null, m, item.storyId, now);
    if (d.kind === 'alert') states.set(item.storyId, d.next);
    return d;
  });
}

describe('once per story', () => {
  it('alerts once; syndicated copies and unchanged updates stay quiet within the cooldown', () => {
    const copy = seedItem({ itemId: 'i_copy', feedId: 'f_other' });
    const ds = run([
      [seedItem(), t0],
      [copy, later(5)],
      [seedItem({ revision: 1 }), later(30)],
    ]);
    expect(ds.map((d) => d.kind)).toEqual(['alert', 'suppress', 'suppress']);
    expect(ds[0]).toMatchObject({
      isUpdate: false,
      alertKey: alertKeyFor('r', 's_seedstory0000000001', 0),
    });
  });

  it('sends one follow-up on material escalation (score jump, new actor, new topic)', () => {
    const hotter = seedItem();
    hotter.tension = { ...hotter.tension, score: 0.95 };
    const ds = run([
      [seedItem(), t0],
      [hotter, later(10)],
      [hotter, later(11)],
    ]);
    expect(ds.map((d) => d.kind)).toEqual(['alert', 'alert', 'suppress']);
    expect(ds[1]).toMatchObject({
      isUpdate: true,
      revision: 1,
      reason: expect.stringContaining('score 0.78 -> 0.95'),
    });
    expect(ds[1]!.kind === 'alert' && ds[1]!.alertKey).not.toBe(
      ds[0]!.kind === 'alert' && ds[0]!.alertKey,
    );

    const newActor = seedItem();
    newActor.tension = {
      ...newActor.tension,
      dyads: [...newActor.tension.dyads, { source: 'CHN', target: 'USA', score: 0.4, topics: [] }],
    };
    expect(
      run([
        [seedItem(), t0],
        [newActor, later(1)],
      ])[1],
    ).toMatchObject({ kind: 'alert', reason: expect.stringContaining('new actor CHN') });

    const newTopic = seedItem();
    newTopic.tension = {
      ...newTopic.tension,
      topics: [
        ...newTopic.tension.topics,
        { topic: 'cyber-attack', cameo: '172', goldstein: -6, score: 0.5, evidence: [] },
      ],
    };
    expect(
      run([
        [seedItem(), t0],
        [newTopic, later(1)],
      ])[1],
    ).toMatchObject({
      kind: 'alert',
      isUpdate: true,
      reason: expect.stringContaining('new topic cyber-attack'),
    });
  });

  it('alerts again after the cooldown, with a new key', () => {
    const ds = run([
      [seedItem(), t0],
      [seedItem(), later(61)],
    ]);
    expect(ds.map((d) => d.kind === 'alert' && d.revision)).toEqual([0, 1]);
  });

  it('is deterministic: the same input yields the same alert key (restart-safe)', () => {
    const m = matchRules(seedItem(), [rule])[0]!;
    const a = decideAlert(null, m, 's_x', t0);
    const b = decideAlert(null, m, 's_x', later(3));
    expect(a.kind === 'alert' && a.alertKey).toBe(b.kind === 'alert' && b.alertKey);
  });

  it('folds bursts beyond the digest threshold', () => {
    expect([1, 2, 3].map((n) => shouldFold(rule, n))).toEqual([false, false, true]);
  });
});
