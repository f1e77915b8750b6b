import { describe, it, expect } from 'vitest';
import { foldHomoglyphs, stripInvisible } from './fold-homoglyphs.ts';

describe('foldHomoglyphs', () => {
  it.each([
    ['\u0420utin', 'Putin'], // Cyrillic Р in a Latin name
    ['\u039d\u0391\u03a4\u039f', 'NATO'], // Greek capitals imitating an acronym
    ['Pu\u200dtin', 'Putin'], // zero-width joiner
    ['Pu\u202etin', 'Putin'], // bidi override
    ['\uff50\uff55\uff54\uff49\uff4e', 'putin'], // fullwidth (NFKC)
    ['Vladimir \u0420utin', 'Vladimir Putin'],
  ])('folds %j to %j', (input, want) => expect(foldHomoglyphs(input)).toBe(want));

  it.each(['Путин', 'Москва', 'МОСКВА', 'Владимир Путин', 'Αθήνα', 'Niinistö', 'Zürich', 'Kyiv'])(
    'leaves genuine text %j as written',
    (word) => expect(foldHomoglyphs(word)).toBe(word),
  );

  it('strips invisible characters only', () => {
    expect(stripInvisible('a\u200b\u2066b\u00adc')).toBe('abc');
  });
});
