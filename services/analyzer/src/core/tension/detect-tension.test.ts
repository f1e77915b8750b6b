import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ItemEntity, Mention } from '@faultline/shared/schemas';
import { seedPath } from '@faultline/shared/paths';
import { detectTension } from './detect-tension.ts';
import { loadTensionModel } from './model.ts';

const model = loadTensionModel();

/** Hand-built entity results: every occurrence of each surface form, linked to an id. */
function entitiesFor(fields: { title: string; text: string }, names: Record<string, string>) {
  const mentions: Mention[] = [];
  for (const field of ['title', 'text'] as const)
    for (const [surface, id] of Object.entries(names))
      for (const m of fields[field].matchAll(new RegExp(`\\b${surface}\\b`, 'g')))
        mentions.push({
          field,
          start: m.index,
          end: m.index + surface.length,
          text: surface,
          type: 'LOC',
          entityId: id,
          confidence: 1,
        });
  const entities: ItemEntity[] = [
    {
      id: 'PER:vladimir-putin',
      name: 'Vladimir Putin',
      type: 'PER',
      country: 'RUS',
      count: 5,
      salience: 1,
    },
    {
      id: 'PER:sergei-lavrov',
      name: 'Sergei Lavrov',
      type: 'PER',
      country: 'RUS',
      count: 1,
      salience: 0.3,
    },
  ];
  return { mentions, entities };
}

const NAMES = {
  Putin: 'PER:vladimir-putin',
  Russian: 'RUS',
  Russia: 'RUS',
  Moscow: 'RUS',
  Kremlin: 'GOV:RUS',
  'United States': 'USA',
  US: 'USA',
  NATO: 'ORG:NATO',
  Ukraine: 'UKR',
  Ukrainian: 'UKR',
  Finnish: 'FIN',
  French: 'FRA',
  German: 'DEU',
  Lavrov: 'PER:sergei-lavrov',
};

const seed = seedPath();

describe.skipIf(!seed)('golden: the seed article', () => {
  const lines = readFileSync(join(seed!, '000_519d632c54f5375e.txt'), 'utf8').split('\n');
  const article = { title: lines[0]!, text: lines.slice(1, 7).join('\n') };

  it('is high tension with the expected topics and dyads', () => {
    const t = detectTension(article, entitiesFor(article, NAMES), model);
    expect(t.level).toBe('high');
    const topics = t.topics.map((x) => x.topic);
    for (const id of ['security-guarantees', 'nuclear-missile-deployment', 'sanctions'])
      expect(topics).toContain(id);
    expect(topics.some((x) => x === 'military-buildup' || x === 'invasion-warning')).toBe(true);
    const pairs = t.dyads.map((d) => [d.source, d.target].sort().join('-'));
    for (const p of ['ORG:NATO-RUS', 'RUS-USA', 'RUS-UKR']) expect(pairs).toContain(p);
    for (const topic of t.topics) {
      expect(topic.score).toBeGreaterThan(0);
      const ev = topic.evidence[0]!;
      const source = ev.field === 'title' ? article.title : article.text;
      expect(source.slice(ev.start, ev.end)).toBe(ev.text);
    }
  });

  it('scores the celebrity tail alone as no tension', () => {
    const tail = { title: '', text: lines.slice(7).join('\n') };
    const t = detectTension(tail, { mentions: [], entities: [] }, model);
    expect(t.level).toBe('none');
    expect(t.topics).toEqual([]);
    expect(t.dyads).toEqual([]);
  });
});

describe('negation, denial and accusation', () => {
  const topicsOf = (text: string) =>
    detectTension({ title: '', text }, { mentions: [], entities: [] }, model).topics.map(
      (t) => t.topic,
    );

  it('a reported denial is not an invasion warning; an accusation is', () => {
    expect(topicsOf('The Russian president denies planning an invasion of Ukraine.')).not.toContain(
      'invasion-warning',
    );
    expect(topicsOf('Russia has no plans to invade Ukraine, the Kremlin said.')).not.toContain(
      'invasion-warning',
    );
    expect(topicsOf('Washington accused Russia of planning an invasion of Ukraine.')).toContain(
      'invasion-warning',
    );
  });

  it('lifting sanctions is not a sanctions threat', () => {
    expect(topicsOf('The European Union agreed to lift sanctions on Belarus.')).not.toContain(
      'sanctions',
    );
    expect(topicsOf('The United States imposed new sanctions on Russian banks.')).toContain(
      'sanctions',
    );
  });
});
