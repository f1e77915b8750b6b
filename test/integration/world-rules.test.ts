import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import type { CleanItem, RawItem } from '@faultline/shared/schemas';
import { cleanItem } from '../../services/cleaner/src/core/clean-item.ts';
import { analyze } from '../../services/analyzer/src/core/analyze.ts';
import { loadKnowledgeBase } from '../../services/analyzer/src/core/entities/index.ts';
import { loadTensionModel } from '../../services/analyzer/src/core/tension/model.ts';
import { matchRules } from '../../services/alerter/src/core/match-rules.ts';
import { parseRulesYaml, unknownChannels } from '../../services/alerter/src/core/rules-schema.ts';
import { AlerterSection } from '../../services/alerter/src/config.ts';

// The demo's fixture stories (none about Russia) through clean -> analyze -> the shipped default
// rules, each story reported by two independent outlets as the demo syndicates it: the defaults
// alert on the world's tension, and on nothing in the non-tension stories.

interface Article {
  slug: string;
  title: string;
  body: string[];
}
const articles = JSON.parse(readFileSync('test/fixtures/demo/articles.json', 'utf8')) as Article[];
const parsed = parseRulesYaml(readFileSync('services/alerter/rules.example.yaml', 'utf8'));
if (!parsed.ok) throw new Error(parsed.errors.join('; '));
const rules = parsed.rules;
const kb = loadKnowledgeBase();
const model = loadTensionModel();

function fire(slug: string): string[] {
  const a = articles.find((x) => x.slug === slug)!;
  const raw: RawItem = {
    itemId: `i_${slug}`,
    feedId: 'f_outlet_a',
    feedUrl: 'https://outlet-a.example/rss',
    link: `https://outlet-a.example/articles/${slug}`,
    revision: 0,
    title: a.title,
    content: a.body.join('\n'),
    contentType: 'text',
    categories: [],
    publishedAt: '2026-03-02T08:00:00.000Z',
    dateMissing: false,
    fetchedAt: '2026-03-02T08:00:05.000Z',
    tags: [],
  };
  const cleaned = cleanItem(raw);
  if (!cleaned.ok) throw new Error(`not cleaned: ${cleaned.reason}`);
  const clean = {
    ...cleaned.value,
    itemId: raw.itemId,
    feedId: raw.feedId,
    revision: 0,
    url: raw.link,
    storyId: `s_${slug}`,
    firstInStory: true,
    sources: [
      { feedId: 'f_outlet_b', itemId: `j_${slug}`, url: `https://outlet-b.example/${slug}` },
    ],
    tags: [],
    fetchedAt: raw.fetchedAt,
    cleanedAt: raw.fetchedAt,
  } as CleanItem;
  const analyzed = analyze(clean, kb, model);
  return matchRules(analyzed, rules).map((m) => m.rule.id);
}

describe('the default rules on stories from around the world', () => {
  it('name only channels the default config defines', () => {
    const destinations = Object.keys(AlerterSection.parse({}).destinations);
    expect(unknownChannels(rules, destinations)).toEqual([]);
  });

  it.each([
    ['iran-israel-strikes', ['interstate-high-tension', 'military-escalation', 'watchlist']],
    ['kashmir-shelling', ['interstate-high-tension', 'military-escalation']],
    ['esequibo-troops', ['military-escalation', 'watchlist']],
    ['taiwan-strait-drills', ['military-escalation', 'watchlist']],
    ['sahel-coup', ['coup']],
  ])('%s fires %j', (slug, expected) => {
    const fired = fire(slug);
    for (const id of expected) expect(fired, `${slug}: ${fired.join(', ')}`).toContain(id);
  });

  it('fires nothing on the non-tension stories', () => {
    expect(fire('harvest-festival')).toEqual([]);
    expect(fire('chip-earnings')).toEqual([]);
  });
});
