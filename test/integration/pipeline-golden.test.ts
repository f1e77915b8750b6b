import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CleanItem, RawItem } from '@faultline/shared/schemas';
import { seedPath } from '@faultline/shared/paths';
import { cleanItem } from '../../services/cleaner/src/core/clean-item.ts';
import { analyze } from '../../services/analyzer/src/core/analyze.ts';
import { loadKnowledgeBase } from '../../services/analyzer/src/core/entities/index.ts';
import { loadTensionModel } from '../../services/analyzer/src/core/tension/model.ts';
import { matchRules } from '../../services/alerter/src/core/match-rules.ts';
import { parseRulesYaml } from '../../services/alerter/src/core/rules-schema.ts';

// The seed document through the chain of pure cores exactly as production runs them:
// clean -> analyze (entities, tension) -> match the shipped example rules.

const dir = seedPath();
const seedFile = dir ? readdirSync(dir).find((f) => f.endsWith('.txt')) : undefined;

function rawItem(title: string, content: string): RawItem {
  return {
    itemId: 'i_seed',
    feedId: 'f_seed',
    feedUrl: 'https://example.com/rss',
    revision: 0,
    title,
    content,
    contentType: 'text',
    categories: [],
    publishedAt: '2021-12-21T10:00:00.000Z',
    dateMissing: false,
    fetchedAt: '2021-12-21T10:00:05.000Z',
    tags: [],
  };
}

function runChain(raw: RawItem) {
  const cleaned = cleanItem(raw);
  if (!cleaned.ok) throw new Error(`not cleaned: ${cleaned.reason}`);
  const clean: CleanItem = {
    ...cleaned.value,
    itemId: raw.itemId,
    feedId: raw.feedId,
    revision: raw.revision,
    storyId: 's_seed',
    firstInStory: true,
    sources: [{ feedId: raw.feedId, itemId: raw.itemId }],
    tags: [],
    fetchedAt: raw.fetchedAt,
    cleanedAt: raw.fetchedAt,
  } as CleanItem;
  const analyzed = analyze(clean, loadKnowledgeBase(), loadTensionModel());
  const rules = parseRulesYaml(readFileSync('services/alerter/rules.example.yaml', 'utf8'));
  if (!rules.ok) throw new Error(rules.errors.join('; '));
  return { clean, analyzed, fired: matchRules(analyzed, rules.rules).map((m) => m.rule.id) };
}

describe.skipIf(!seedFile)('the seed document through clean -> analyze -> rules', () => {
  const [title = '', ...lines] = seedFile
    ? readFileSync(join(dir!, seedFile), 'utf8').split('\n')
    : [];

  it('keeps the article, finds the actors, flags high tension and fires the Russia-NATO rule', () => {
    const { clean, analyzed, fired } = runChain(rawItem(title, lines.join('\n')));
    expect(clean.paragraphs).toHaveLength(6);
    expect(clean.text).not.toMatch(/Meghan|Selena|Bieber/);
    const ids = new Set(analyzed.entities.map((e) => e.id));
    for (const id of [
      'PER:vladimir-putin',
      'PER:sauli-niinisto',
      'PER:emmanuel-macron',
      'PER:sergei-lavrov',
      'PER:annalena-baerbock',
      'ORG:NATO',
      'GOV:RUS',
      'RUS',
      'USA',
      'UKR',
      'FIN',
      'FRA',
      'DEU',
    ])
      expect(ids, id).toContain(id);
    expect(analyzed.tension.level).toBe('high');
    const topics = analyzed.tension.topics.map((t) => t.topic);
    for (const t of ['security-guarantees', 'nuclear-missile-deployment', 'sanctions'])
      expect(topics).toContain(t);
    expect(topics.some((t) => t === 'military-buildup' || t === 'invasion-warning')).toBe(true);
    const dyads = analyzed.tension.dyads.map((d) => [d.source, d.target].sort().join('~'));
    expect(dyads).toContain(['RUS', 'ORG:NATO'].sort().join('~'));
    expect(dyads).toContain(['RUS', 'UKR'].sort().join('~'));
    expect(fired).toContain('watchlist');
  });

  it('fires nothing on the celebrity-headline tail alone', () => {
    const tail = lines.filter((l) => / -$/.test(l));
    expect(tail.length).toBeGreaterThanOrEqual(15);
    const { analyzed, fired } = runChain(
      rawItem(tail[0]!.replace(/ -$/, ''), tail.slice(1).join('\n')),
    );
    expect(analyzed.tension.level).toBe('none');
    expect(fired).toEqual([]);
  });
});
