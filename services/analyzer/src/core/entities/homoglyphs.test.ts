import { describe, expect, it } from 'vitest';
import { extractEntities, loadKnowledgeBase } from './index.ts';
import { aliasKey, slugify } from './normalize.ts';
import { analyze } from '../analyze.ts';
import { cleanItem } from '../../fixtures/clean-items.ts';
import { loadTensionModel } from '../tension/model.ts';

// Homoglyph names neither make a fake entity nor miss the real one (issue 20).
const kb = loadKnowledgeBase();
const mentions = (text: string) =>
  extractEntities({ title: '', text, publishedAt: '2024-01-01T12:00:00Z' }, kb).mentions.map(
    (m) => [m.text, m.entityId],
  );

describe('homoglyph names', () => {
  it('link Greek-letter NATO and a Cyrillic-Р Putin to the real entities', () => {
    const got = mentions('Vladimir \u0420utin met \u039d\u0391\u03a4\u039f officials in Brussels.');
    expect(got).toContainEqual(['Vladimir \u0420utin', 'PER:vladimir-putin']);
    expect(got).toContainEqual(['\u039d\u0391\u03a4\u039f', 'ORG:NATO']); // was unlinked
  });
  it('fold keys and slugs, but not genuine Cyrillic', () => {
    expect(aliasKey('\u0420utin')).toBe('putin');
    expect(slugify('\u0420utin')).toBe('putin'); // was "utin": a fake entity id
    expect(aliasKey('Путин')).toBe('путин');
  });
  it('see through zero-width joiners and bidi controls inside names (analyze)', () => {
    const text =
      'Vladimir Pu\u200dtin warned N\u200bA\u200cTO; \u202aSergei Lavrov\u202c spoke in Mos\u2060cow.';
    const out = analyze(cleanItem('en', 'Pu\u200btin warns', text), kb, loadTensionModel());
    const ids = out.entities.map((e) => e.id);
    for (const id of ['PER:vladimir-putin', 'ORG:NATO', 'PER:sergei-lavrov'])
      expect(ids).toContain(id);
    expect(
      ids.filter((id) => id !== null && /tin$/.test(id) && id !== 'PER:vladimir-putin'),
    ).toEqual([]);
    expect(out.mentions.map((m) => m.text)).toContain('Moscow');
    // offsets index the text as analysed (without the hidden controls)
    for (const m of out.mentions) {
      const field = m.field === 'title' ? out.title : out.text;
      expect(field.slice(m.start, m.end)).toBe(m.text);
    }
  });
});
