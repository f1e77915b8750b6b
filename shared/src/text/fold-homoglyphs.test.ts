import { describe, it, expect } from 'vitest';
import { foldHomoglyphs, stripHiddenControls, stripInvisible } from './fold-homoglyphs.ts';

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

describe('stripHiddenControls', () => {
  it.each([
    ['Pu\u200dtin', 'Putin'],
    ['N\u200bA\u200cTO', 'NATO'],
    ['\u202aLavrov\u202c', 'Lavrov'],
    ['Mos\u2060cow and Kyi\u00adv', 'Moscow and Kyiv'],
  ])('removes what hides a name in %j', (input, want) =>
    expect(stripHiddenControls(input)).toBe(want),
  );
  it('keeps the joiners a script or an emoji needs, and plain text as is', () => {
    const persian = 'می\u200cخواهم';
    expect(stripHiddenControls(persian)).toBe(persian);
    const family = '\u{1f468}\u200d\u{1f469}\u200d\u{1f467}';
    expect(stripHiddenControls(family)).toBe(family);
    const plain = 'Putin met Macron.';
    expect(stripHiddenControls(plain)).toBe(plain);
  });
});
