import { describe, expect, it } from 'vitest';
import type { AnalyzedItem } from '@faultline/shared/schemas';
import type { EventGroup } from '@faultline/shared/state/event-group-record';
import { decodeEventGroup, encodeEventGroup } from '@faultline/shared/state/event-group-record';
import { eventProbeOf, placeStory, quadClassOf, type GroupingOptions } from './event-group.ts';
import { decideAlert } from './story-decision.ts';
import { matchRules } from './match-rules.ts';
import { parseRulesYaml } from './rules-schema.ts';
import { createBacktest } from './backtest.ts';
import { seedItem } from '../fixtures/analyzed-items.ts';

// The cross-language grouping's pure core: which reports are one event, and what the
// once-per-story decision does with another language's report of an event already alerted.

const options: GroupingOptions = { windowMs: 24 * 3_600_000 };
const T0 = Date.parse('2026-03-02T06:00:00.000Z');
const hours = (h: number) => new Date(T0 + h * 3_600_000).toISOString();

function report(
  lang: string,
  storyId: string,
  opts: {
    source?: string;
    target?: string;
    cameo?: string;
    topic?: string;
    at?: string;
    extra?: string[];
  } = {},
): AnalyzedItem {
  const { source = 'RUS', target = 'UKR', cameo = '190', topic = 'fight' } = opts;
  const seed = seedItem();
  return {
    ...seed,
    itemId: `i_${storyId}`,
    storyId,
    language: { code: lang, confidence: 0.98 },
    analysis: { language: lang, mode: lang === 'en' ? 'english' : 'native' },
    publishedAt: opts.at ?? hours(0),
    analyzedAt: opts.at ?? hours(0),
    entities: [source, target, ...(opts.extra ?? ['LOC:kyiv'])].map((id, i) => ({
      id,
      name: id,
      type: 'LOC' as const,
      count: 2,
      salience: 0.9 - i * 0.1,
    })),
    tension: {
      score: 0.96,
      level: 'high',
      topics: [
        {
          topic,
          cameo,
          goldstein: -10,
          score: 0.96,
          evidence: [{ field: 'title', start: 0, end: 5, text: seed.title.slice(0, 5) }],
        },
      ],
      dyads: [{ source, target, score: 0.96, topics: [topic] }],
    },
    gist: `${source} -> ${target}: missile strike (CAMEO 19, fight)`,
  };
}

/** Places items one after another as the alerter does, keeping groups in memory. */
function placeAll(items: AnalyzedItem[]): string[] {
  const groups = new Map<string, EventGroup[]>();
  const stories = new Map<string, string>();
  return items.map((item) => {
    const probe = eventProbeOf(item);
    const known = stories.get(item.storyId) ?? null;
    const live = probe ? (groups.get(probe.pair) ?? []) : [];
    const placed = placeStory(
      probe,
      item.storyId,
      known,
      live,
      Date.parse(item.publishedAt),
      options,
    );
    if (probe && placed.group) {
      const g = placed.group;
      groups.set(probe.pair, [...live.filter((x) => x.id !== g.id), g]);
      stories.set(item.storyId, g.id);
    }
    return placed.storyId;
  });
}

describe('event probe', () => {
  it('is the main dyad as an unordered canonical pair, the CAMEO root and its quad class', () => {
    const p = eventProbeOf(
      report('ru', 's_ru', { source: 'GOV:RUS', extra: ['RUS', 'LOC:kyiv'] }),
    )!;
    expect(p).toMatchObject({ pair: 'RUS~UKR', direction: 'RUS>UKR', root: '19', quad: 'mx' });
    expect(p.entities).toEqual(['LOC:kyiv']);
    expect(eventProbeOf(report('ar', 's_ar', { source: 'UKR', target: 'RUS' }))!.pair).toBe(
      'RUS~UKR',
    );
    expect([quadClassOf('05'), quadClassOf('07'), quadClassOf('13'), quadClassOf('19')]).toEqual([
      'vc',
      'mc',
      'vx',
      'mx',
    ]);
  });

  it('is null for an item without tension or without a dyad', () => {
    const calm = report('ru', 's_calm');
    expect(eventProbeOf({ ...calm, tension: { ...calm.tension, level: 'none' } })).toBeNull();
    expect(eventProbeOf({ ...calm, tension: { ...calm.tension, dyads: [] } })).toBeNull();
  });
});

describe('cross-language grouping', () => {
  it('puts a Russian, an Arabic and a Chinese report of one strike in the first one’s story', () => {
    const ids = placeAll([
      report('ru', 's_ru'),
      report('ar', 's_ar', { at: hours(2), cameo: '195' }),
      report('zh', 's_zh', { at: hours(5), source: 'UKR', target: 'RUS' }),
      report('ru', 's_ru', { at: hours(6) }), // a later copy of the Russian story
    ]);
    expect(ids).toEqual(['s_ru', 's_ru', 's_ru', 's_ru']);
  });

  it('keeps a second story in the same language apart: the cleaner already groups one language', () => {
    expect(placeAll([report('ru', 's_ru1'), report('ru', 's_ru2', { at: hours(1) })])).toEqual([
      's_ru1',
      's_ru2',
    ]);
  });

  it('keeps apart reports of another pair, another class of event, or outside the window', () => {
    const ids = placeAll([
      report('ru', 's_ru'),
      report('ar', 's_ar_isr', { source: 'ISR', target: 'IRN', extra: [] }),
      report('zh', 's_zh_threat', { cameo: '130', topic: 'threaten' }),
      report('de', 's_de_late', { at: hours(30) }),
    ]);
    expect(ids).toEqual(['s_ru', 's_ar_isr', 's_zh_threat', 's_de_late']);
  });

  it('joins the group that fits best (same root, direction, places), none that fits in nothing', () => {
    const ids = placeAll([
      report('ru', 's_kyiv', { extra: ['LOC:kyiv', 'LOC:odesa'] }),
      report('uk', 's_refinery', {
        source: 'UKR',
        target: 'RUS',
        cameo: '183',
        extra: ['LOC:volgograd'],
        at: hours(1),
      }),
      report('ar', 's_ar', { extra: ['LOC:odesa', 'LOC:kyiv'], at: hours(2) }),
      report('ru', 's_ru_ref', {
        source: 'UKR',
        target: 'RUS',
        cameo: '183',
        extra: ['LOC:volgograd'],
        at: hours(3),
      }),
    ]);
    // The Ukrainian refinery strike fits the Kyiv group in nothing (root, direction, places).
    expect(ids).toEqual(['s_kyiv', 's_refinery', 's_kyiv', 's_refinery']);
  });

  it('stores groups in a codec that refuses what is not one', () => {
    const g = placeStory(eventProbeOf(report('ru', 's_ru')), 's_ru', null, [], T0, options).group!;
    expect(decodeEventGroup(encodeEventGroup(g))).toEqual(g);
    expect(decodeEventGroup('{"id":1}')).toBeNull();
    expect(decodeEventGroup('not json')).toBeNull();
  });
});

describe('once per event across languages', () => {
  const parsed = parseRulesYaml(`
rules:
  - id: r
    channels: [c]
    cooldown: 6h
    match: { minScore: 0.5 }
    escalation: { scoreJump: 0.2, newActor: true, newTopic: true, maxUpdates: 1 }
`);
  if (!parsed.ok) throw new Error(parsed.errors.join());
  const rule = parsed.rules[0]!;

  it('another language’s reading adding a topic is not an escalation; a score jump still is', () => {
    const first = report('ru', 's_ru');
    const m1 = matchRules({ ...first, tension: { ...first.tension, score: 0.6 } }, [rule])[0]!;
    const d1 = decideAlert(null, { ...m1, score: 0.6 }, 's_ru', new Date(T0));
    if (d1.kind !== 'alert') throw new Error('first report must alert');
    const ar = report('ar', 's_ar', { topic: 'assault', cameo: '183' });
    const m2 = matchRules(ar, [rule])[0]!;
    const later = new Date(T0 + 3_600_000);
    expect(decideAlert(d1.next, { ...m2, score: 0.7 }, 's_ru', later).kind).toBe('alert');
    expect(
      decideAlert(d1.next, { ...m2, score: 0.7 }, 's_ru', later, { crossLanguage: true }).kind,
    ).toBe('suppress');
    expect(
      decideAlert(d1.next, { ...m2, score: 0.85 }, 's_ru', later, { crossLanguage: true }).kind,
    ).toBe('alert');
  });

  it('the backtest replays the grouping: three languages, one alert', () => {
    const withGroups = createBacktest([rule]);
    const without = createBacktest([rule], null);
    for (const item of [report('ru', 's_ru'), report('ar', 's_ar'), report('zh', 's_zh')]) {
      withGroups.add(item);
      without.add(item);
    }
    expect(withGroups.finish().alerts).toBe(1);
    expect(without.finish().alerts).toBe(3);
  });
});
