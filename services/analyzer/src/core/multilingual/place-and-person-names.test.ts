import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../entities/index.ts';
import { loadTensionModel } from '../tension/model.ts';
import { analyze } from '../analyze.ts';
import { cleanItem as item } from '../../fixtures/clean-items.ts';
import { compiledLanguage } from './languages.ts';
import { surnameSkeleton } from './surnames.ts';

// Names no table lists by hand: capitals (CLDR exemplar cities), derived and data demonyms,
// Ukrainian vowel alternation, and office holders heard by their surname. Own sentences,
// modelled on reports of the 2023 Armenia-Azerbaijan border clash and the 2025 peace
// declaration (e.g. https://ktvz.com/news/ap-national-news/2023/04/11/armenia-azerbaijan-forces-clash-at-least-7-soldiers-killed/).

const kb = loadKnowledgeBase();
const model = loadTensionModel();
beforeAll(() => {
  for (const code of ['ru', 'uk', 'de', 'fr']) compiledLanguage(code, kb.index);
}, 60_000);

const actors = (lang: string, text: string) =>
  analyze(item(lang, text, text), kb, model)
    .entities.map((e) => e.id)
    .sort();

describe('names from data and sound', () => {
  it('finds capitals in every script and has them stand for their states', () => {
    expect(actors('ru', 'Баку обвинил Ереван в обстреле')).toEqual(['LOC:baku', 'LOC:yerevan']);
    expect(actors('fr', 'Kaboul et Islamabad')).toContain('LOC:kabul');
    const s = 'Баку обвинил Ереван в обстреле позиций';
    const a = analyze(item('ru', s, s), kb, model);
    expect(a.tension.dyads[0]).toMatchObject({ source: 'AZE', target: 'ARM' });
  });

  it('reads German adjectives derived from country names and French demonyms', () => {
    expect(actors('de', 'der armenische Regierungschef und ruandische Truppen')).toEqual([
      'ARM',
      'RWA',
    ]);
    expect(actors('fr', 'le président azerbaïdjanais et les frappes pakistanaises')).toEqual([
      'AZE',
      'PAK',
    ]);
  });

  it('follows the Ukrainian і/о/е alternation of a name in the oblique cases', () => {
    expect(actors('uk', 'У Кишиневі та Харкові')).toEqual(['LOC:chisinau', 'LOC:kharkiv']);
  });

  it('hears a curated surname however a language spells it, and only a capitalised one', () => {
    const sk = ['Pashinyan', 'Пашинян', 'Paschinjan', 'Pachinian'].map((w, i) =>
      surnameSkeleton(w, ['en', 'ru', 'de', 'fr'][i]!),
    );
    expect(new Set(sk).size).toBe(1);
    expect(actors('ru', 'Пашиняна и Алиева принял Трамп')).toEqual(
      expect.arrayContaining(['PER:nikol-pashinyan', 'PER:ilham-aliyev']),
    );
    expect(actors('de', 'Paschinjan und Alijew im Weißen Haus')).toEqual(
      expect.arrayContaining(['PER:nikol-pashinyan', 'PER:ilham-aliyev']),
    );
    expect(actors('uk', 'партія санду')).not.toContain('PER:maia-sandu');
  });
});
