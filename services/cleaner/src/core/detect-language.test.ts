import { describe, it, expect } from 'vitest';
import { detectLanguage } from './detect-language.ts';

describe('detectLanguage', () => {
  it('recognises a short English feed item by its function words', () => {
    // Two sentences with few of the commonest function words: trigrams alone were unsure
    // (0.23 confidence; on similar AG News items they even said French or Spanish).
    const item =
      'Air Canada confirms order for jets\nMONTREAL : Air Canada said it sealed a deal with ' +
      'Embraer SA for 45 regional aircraft, worth about 1.3 billion dollars, after months of talks.';
    const language = detectLanguage(item);
    expect(language.code).toBe('en');
    expect(language.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('still tells the other news languages apart', () => {
    const cases: Array<[string, string]> = [
      [
        'de',
        'Die Regierung hat am Montag neue Maßnahmen beschlossen, die nach Angaben des Ministeriums ' +
          'auch für kleine Unternehmen gelten sollen. Sie wurde von der Opposition kritisiert.',
      ],
      [
        'fr',
        'Le gouvernement a annoncé lundi de nouvelles mesures pour les petites entreprises, qui ' +
          'sont selon le ministère les plus touchées par la crise.',
      ],
      [
        'es',
        'El gobierno anunció el lunes nuevas medidas para las pequeñas empresas, que según el ' +
          'ministerio son las más afectadas por la crisis.',
      ],
      [
        'sv',
        'Regeringen meddelade på måndagen nya åtgärder för små företag, som enligt departementet ' +
          'har drabbats hårdast av krisen. Oppositionen kräver snabbare hjälp.',
      ],
    ];
    for (const [code, text] of cases) expect(detectLanguage(text).code, text).toBe(code);
  });
});
