import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../entities/index.ts';
import { loadTensionModel } from '../tension/model.ts';
import { analyze } from '../analyze.ts';
import { cleanItem as item } from '../../fixtures/clean-items.ts';
import { compiledLanguage, LANGUAGE_TABLES } from './languages.ts';
import { EXTRA_ENTITIES } from './extra-entities.ts';
import { findNames } from './name-index.ts';

// Own sentences, modelled on wire reports of the 2025 strikes on Kyiv, the PLA drills around
// Taiwan and the EU sanctions packages (e.g. https://www.reuters.com/world/europe/,
// https://www.aljazeera.net/news/, https://www.xinhuanet.com/world/).

const kb = loadKnowledgeBase();
const model = loadTensionModel();

// Compiling the tables (OpenCC's dictionaries for Traditional Chinese) takes a second or two.
beforeAll(() => {
  for (const t of LANGUAGE_TABLES) compiledLanguage(t.code, kb.index);
}, 60_000);

const ids = (code: string, s: string) =>
  findNames(s, compiledLanguage(code, kb.index)!.names).map((h) => h.id);

describe('native entities', () => {
  it('links every table id to the knowledge base or the multilingual extras', () => {
    const extra = new Set(EXTRA_ENTITIES.map((e) => e.id));
    const missing = LANGUAGE_TABLES.flatMap((t) =>
      t.names
        .flatMap(([id]) => id.split('|'))
        .filter((id) => !kb.index.entities.has(id) && !extra.has(id))
        .map((id) => `${t.code}:${id}`),
    );
    expect(missing).toEqual([]);
  });

  it('reduces Russian and Ukrainian case forms to the same actor', () => {
    expect(ids('ru', 'Москвы Москве Путина Путиным России Украине')).toEqual([
      'LOC:moscow',
      'LOC:moscow',
      'PER:vladimir-putin',
      'PER:vladimir-putin',
      'RUS',
      'UKR',
    ]);
    expect(ids('uk', 'Києва Путіна Росії')).toEqual(['LOC:kyiv', 'PER:vladimir-putin', 'RUS']);
  });

  it('takes Arabic clitics off (وإسرائيل, بإيران, والولايات المتحدة)', () => {
    expect(ids('ar', 'وإسرائيل بإيران والولايات المتحدة للصين البحر')).toEqual([
      'ISR',
      'IRN',
      'USA',
      'CHN',
    ]);
  });

  it('finds Simplified and Traditional Chinese names by longest match', () => {
    expect(ids('zh', '解放军东部战区')).toEqual(['ORG:PLA-EASTERN-THEATER-COMMAND']);
    expect(ids('zh', '解放軍東部戰區與北約、北约')).toEqual([
      'ORG:PLA-EASTERN-THEATER-COMMAND',
      'ORG:NATO',
      'ORG:NATO',
    ]);
    expect(ids('zh', '普京和習近平')).toEqual(['PER:vladimir-putin', 'PER:xi-jinping']);
  });

  it('handles German genitives and French elision', () => {
    expect(ids('de', 'Russlands Präsident Putins')).toEqual(['RUS', 'PER:vladimir-putin']);
    expect(ids('fr', "l'Ukraine et d'Israël")).toEqual(['UKR', 'ISR']);
  });
});

describe('native tension', () => {
  const sameEvent = [
    item(
      'ru',
      'Россия нанесла массированный ракетный удар по Киеву',
      'Ночью российская армия атаковала Украину ракетами и дронами. В Кремле заявили, что удары будут продолжены.',
    ),
    item(
      'ar',
      'روسيا تشن هجوما صاروخيا واسعا على كييف',
      'شنت روسيا هجوما بالصواريخ والطائرات المسيرة على أوكرانيا ليلا، وقال الكرملين إن الضربات ستتواصل.',
    ),
    item(
      'zh',
      '俄罗斯对基辅发动大规模导弹袭击',
      '俄军连夜对乌克兰发动导弹和无人机袭击。克里姆林宫表示打击将继续。',
    ),
  ];

  it('gives a Russian, an Arabic and a Chinese report of one event the same actors and dyad', () => {
    const out = sameEvent.map((c) => analyze(c, kb, model));
    const actors = out.map((a) =>
      a.entities
        .map((e) => e.id)
        .filter((x) => x === 'RUS' || x === 'UKR' || x === 'GOV:RUS' || x === 'LOC:kyiv')
        .sort(),
    );
    expect(actors[0]).toEqual(['GOV:RUS', 'LOC:kyiv', 'RUS', 'UKR']);
    expect(actors[1]).toEqual(actors[0]);
    expect(actors[2]).toEqual(actors[0]);
    for (const a of out) {
      expect(a.analysis).toEqual({ language: a.language.code, mode: 'native' });
      expect(a.tension.level).not.toBe('none');
      expect(a.tension.dyads[0]).toMatchObject({ source: 'RUS', target: 'UKR' });
      expect(a.tension.topics[0]?.cameo).toBe('19');
      expect(a.gist).toMatch(/^RUS -> UKR: .+ \(CAMEO 19, fight\)$/);
    }
  });

  it('reads PLA drills around Taiwan in Traditional characters', () => {
    const a = analyze(
      item('zh', '解放軍東部戰區在台灣周邊舉行聯合軍演', '共軍軍機與軍艦在台海周邊活動。'),
      kb,
      model,
    );
    expect(a.tension.level).not.toBe('none');
    expect(a.tension.dyads[0]).toMatchObject({ source: 'CHN', target: 'TWN' });
    expect(a.gist).toContain('CAMEO 15');
  });

  it('does not flag a denial, sport, or a peaceful report', () => {
    const quiet = [
      item('ru', 'Кремль опроверг удар по Киеву', 'Песков не подтвердил сообщения.'),
      item('de', 'Bayern gewinnt das Spiel gegen Dortmund', 'Ein Tor in der letzten Minute.'),
      item(
        'es',
        'España y Francia firman un acuerdo comercial',
        'Los ministros celebraron la firma.',
      ),
    ];
    for (const c of quiet) expect(analyze(c, kb, model).tension.level).toBe('none');
  });

  it('flags an unsupported language as not analysed, with no entities', () => {
    const a = analyze(
      item('nl', 'Rusland valt Kiev aan', 'Russische troepen vielen Oekraïne aan.'),
      kb,
      model,
    );
    expect(a.analysis).toMatchObject({ language: 'nl', mode: 'not-analysed' });
    expect(a.entities).toEqual([]);
    expect(a.tension.level).toBe('none');
  });

  it('leaves English on the English path', () => {
    const a = analyze(
      item('en', 'Russia strikes Kyiv', 'Russia launched missiles at Kyiv.'),
      kb,
      model,
    );
    expect(a.analysis).toBeUndefined();
    expect(a.gist).toBeUndefined();
  });
});
