import { describe, expect, it } from 'vitest';
import { extractEntities, loadKnowledgeBase } from './index.ts';
import { aliasKey, slugify } from './normalize.ts';

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
});
