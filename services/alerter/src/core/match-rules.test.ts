import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { matchRules, independentSources } from './match-rules.ts';
import { parseRulesYaml, type Rule } from './rules-schema.ts';
import { seedItem, celebrityTailItem } from '../fixtures/analyzed-items.ts';

function rules(yaml: string): Rule[] {
  const r = parseRulesYaml(yaml);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.rules;
}
const example = rules(readFileSync(new URL('../../rules.example.yaml', import.meta.url), 'utf8'));
const one = (match: string, extra = '') =>
  rules(`rules:\n  - id: r\n    channels: [c]\n${extra}    match: ${match}\n`);

describe('matchRules', () => {
  it('example rules: the seed fires, its celebrity tail alone does not', () => {
    const seed = matchRules(seedItem(), example);
    expect(seed.map((m) => m.rule.id)).toContain('watchlist');
    const m = seed.find((x) => x.rule.id === 'watchlist')!;
    expect(m.matched.join(' ')).toContain('RUS->ORG:NATO');
    expect(m.topics.map((t) => t.topic)).toContain('security-guarantees');
    expect(m.evidence[0]).toMatch(/Putin said Tuesday/);
    expect(matchRules(celebrityTailItem(), example)).toEqual([]);
  });

  it('matches topics by name (any/all) and CAMEO prefix, with a minimum score', () => {
    expect(one('{ topics: { any: [Nuclear Deployment] } }').length).toBe(1);
    expect(
      matchRules(
        seedItem(),
        one('{ topics: { any: [nuclear-missile-deployment], minScore: 0.9 } }'),
      ),
    ).toEqual([]);
    expect(
      matchRules(seedItem(), one('{ topics: { all: [sanctions, nuclear-missile-deployment] } }')),
    ).toHaveLength(1);
    expect(matchRules(seedItem(), one('{ topics: { all: [sanctions, cyber-attack] } }'))).toEqual(
      [],
    );
    const byCode = matchRules(seedItem(), one('{ topics: { cameo: ["13"] } }'));
    expect(byCode[0]!.topics.map((t) => t.topic)).toEqual(['nuclear-missile-deployment']);
  });

  it('matches entities by id or name with any/all/none', () => {
    const m = (spec: string) => matchRules(seedItem(), one(`{ entities: ${spec} }`)).length;
    expect(m('{ any: [vladimir putin] }')).toBe(1);
    expect(m('{ all: [RUS, ORG:NATO, UKR] }')).toBe(1);
    expect(m('{ all: [RUS, CHN] }')).toBe(0);
    expect(m('{ any: [RUS], none: [NATO] }')).toBe(0);
    expect(m('{ any: [CHN] }')).toBe(0);
  });

  it('matches actor pairs in either direction, as dyads or co-occurrence', () => {
    const m = (spec: string) => matchRules(seedItem(), one(`{ actors: [${spec}] }`)).length;
    expect(m('{ a: ORG:NATO, b: RUS }')).toBe(1);
    expect(m('{ a: RUS, b: UKR }')).toBe(0);
    expect(m('{ a: RUS, b: UKR, mode: cooccur }')).toBe(1);
    const gov = seedItem();
    gov.tension.dyads = [{ source: 'GOV:RUS', target: 'USA', score: 0.5, topics: [] }];
    expect(matchRules(gov, one('{ actors: [{ a: RUS, b: USA }] }'))).toHaveLength(1);
  });

  it('matches keywords on word boundaries, languages, feeds and tags', () => {
    const m = (spec: string, item = seedItem()) => matchRules(item, one(spec)).length;
    expect(m('{ keywords: { any: [nuclear missiles] } }')).toBe(1);
    expect(m('{ keywords: { any: [nuclear], none: [invasion] } }')).toBe(0);
    expect(m('{ keywords: { any: [nucl] } }')).toBe(0);
    expect(m('{ minScore: 0.5, languages: [en] }')).toBe(1);
    expect(m('{ minScore: 0.5, languages: [de] }')).toBe(0);
    expect(
      m(
        '{ minScore: 0.5, languages: [en] }',
        seedItem({ language: { code: 'en-GB', confidence: 1 } }),
      ),
    ).toBe(1);
    expect(m('{ minScore: 0.5, feeds: [f_other] }')).toBe(0);
    expect(m('{ minScore: 0.5, feeds: [f_seedfeed], tags: [world] }')).toBe(1);
    expect(m('{ minScore: 0.9 }')).toBe(0);
    const europe = seedItem({ tags: ['wire', 'region:europe'] });
    expect(m('{ minScore: 0.5, regions: [europe, africa] }', europe)).toBe(1);
    expect(m('{ minScore: 0.5, regions: africa }', europe)).toBe(0);
    expect(matchRules(europe, one('{ minScore: 0.5, regions: [europe] }'))[0]!.matched).toContain(
      'region europe',
    );
  });

  it('requires N independent sources for corroboration and says which', () => {
    const rule = one('{ minScore: 0.5 }', '    corroboration: { minSources: 2 }\n');
    expect(matchRules(seedItem(), rule)).toEqual([]);
    const second = { feedId: 'f_2', itemId: 'i_2', url: 'https://other.example.net/a' };
    const syndicated = { feedId: 'f_3', itemId: 'i_3', url: 'https://example-news.com/copy' };
    expect(matchRules(seedItem(), rule, new Date(), { storySources: [syndicated] })).toEqual([]);
    const ok = matchRules(seedItem(), rule, new Date(), { storySources: [syndicated, second] });
    expect(ok).toHaveLength(1);
    expect(ok[0]!.matched.join(' ')).toContain(
      '2 independent sources (example-news.com, other.example.net)',
    );
    expect(ok[0]!.sources.map((s) => s.domain)).toEqual(['example-news.com', 'other.example.net']);
    expect(independentSources([second, { ...second, itemId: 'x' }], 'feed')).toHaveLength(1);
  });

  it('skips disabled rules', () => {
    const r = rules('rules:\n  - {id: a, enabled: false, channels: [c], match: {minScore: 0}}');
    expect(matchRules(seedItem(), r)).toEqual([]);
  });
});
