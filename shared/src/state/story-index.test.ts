import { describe, it, expect } from 'vitest';
import { decodeSource, encodeSource, type StorySource } from './story-index.ts';

describe('story index source codec', () => {
  it('round-trips sources, short form or JSON', () => {
    const cases: StorySource[] = [
      { feedId: 'f1', itemId: 'i1', url: 'https://www.example.com/a', domain: 'example.com' },
      { feedId: 'f1', itemId: 'i1', url: 'https://example.com/a', domain: 'other.org' },
      { feedId: 'f1', itemId: 'i1', domain: 'x.example' },
      { feedId: 'f1', itemId: 'i1' },
      { feedId: 'f\x1f1', itemId: '{i1', domain: '=' },
      { feedId: 'f1', itemId: 'i\n1', url: '', domain: '' },
    ];
    for (const c of cases) expect(decodeSource(encodeSource(c))).toEqual(c);
    expect(encodeSource(cases[0]!)).toBe('i1\x1ff1\x1fhttps://www.example.com/a\x1f=');
  });
});
