import { describe, expect, it } from 'vitest';
import { englishDevErrors, type EnglishItem, type EnglishPrediction } from './tension-english.ts';

const item = (id: string, split: 'dev' | 'test', tension: boolean, dyad: [string, string] | null) =>
  ({
    id,
    split,
    headline: `headline ${id}`,
    summary: 's',
    tension,
    cameo: null,
    actors: [],
    dyad,
    url: 'https://example.org/',
  }) satisfies EnglishItem;

describe('englishDevErrors', () => {
  it('lists dev misses, false alarms and wrong dyads, never a test item', () => {
    const items = [
      item('ok', 'dev', true, ['CHN', 'TWN']),
      item('missed', 'dev', true, ['IND', 'PAK']),
      item('alarm', 'dev', false, null),
      item('reversed', 'dev', true, ['SRB', 'UNK']),
      item('gov', 'dev', true, ['RUS', 'UKR']),
      item('hidden', 'test', true, ['IRN', 'ISR']),
    ];
    const preds: EnglishPrediction[] = [
      { tense: true, medium: true, dyad: ['CHN', 'TWN'] },
      { tense: false, medium: false, dyad: null },
      { tense: true, medium: false, dyad: null },
      { tense: true, medium: true, dyad: ['UNK', 'SRB'] },
      { tense: true, medium: true, dyad: ['GOV:RUS', 'UKR'] },
      { tense: false, medium: false, dyad: null },
    ];
    const errors = englishDevErrors(items, preds);
    expect(errors.map((e) => [e.id, e.kind])).toEqual([
      ['missed', 'missed'],
      ['missed', 'dyad'],
      ['alarm', 'false-alarm'],
      ['reversed', 'dyad'],
    ]);
    expect(errors[1]).toMatchObject({ expected: ['IND', 'PAK'], got: null, reversed: false });
    expect(errors[3]).toMatchObject({
      expected: ['SRB', 'UNK'],
      got: ['UNK', 'SRB'],
      reversed: true,
    });
  });
});
