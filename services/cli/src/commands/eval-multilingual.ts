import { parseArgs } from 'node:util';
import type { AnalyzedItem } from '@faultline/shared/schemas';
import {
  analyze,
  extractEntities,
  loadKnowledgeBase,
  detectTension,
  loadTensionModel,
  LANGUAGE_TABLES,
} from '@faultline/analyzer';
import {
  GOALS,
  MULTILINGUAL_DIR,
  loadLanguage,
  score,
  toClean,
  type Labelled,
} from '../eval/multilingual-set.ts';

export const summary =
  'per language and split: tension precision/recall/F1, main-actor recall and dyad accuracy of the native analysis vs the English-only analyzer, on the labelled multilingual set';

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      dir: { type: 'string' },
      split: { type: 'string' },
      lang: { type: 'string' },
      misses: { type: 'boolean', default: false },
    },
  });
  const dir = values.dir ?? MULTILINGUAL_DIR;
  const kb = loadKnowledgeBase();
  const model = loadTensionModel();
  const native = (x: Labelled) => analyze(toClean(x, x.lang), kb, model);
  // The named alternative: the analyzer as it was, every item through the English models.
  const englishOnly = (x: Labelled): AnalyzedItem => {
    const c = toClean(x, x.lang);
    const found = extractEntities({ title: c.title, text: c.text, publishedAt: c.publishedAt }, kb);
    const tension = detectTension({ title: c.title, text: c.text }, found, model);
    return { ...c, ...found, tension, analyzedAt: c.cleanedAt };
  };
  const languages: Record<string, unknown> = {};
  const codes = values.lang ? values.lang.split(',') : LANGUAGE_TABLES.map((t) => t.code);
  const splits = values.split ? [values.split] : ['dev', 'test'];
  for (const code of codes) {
    const all = loadLanguage(code, dir);
    if (!all) {
      process.stderr.write(`eval multilingual: ${dir}/${code}.jsonl absent; skipping ${code}\n`);
      continue;
    }
    const out: Record<string, unknown> = {};
    for (const split of splits) {
      const items = all.filter((x) => x.split === split);
      if (!items.length) continue;
      const f = score(items, native);
      const b = score(items, englishOnly);
      const { misses, ...faultline } = f;
      const { misses: _m, ...baseline } = b;
      out[split] = {
        n: items.length,
        positives: items.filter((x) => x.tension).length,
        faultline: values.misses ? f : faultline,
        englishOnly: baseline,
        meetsGoals:
          faultline.tension.f1 >= GOALS.tensionF1 && faultline.actorRecall >= GOALS.actorRecall,
      };
      void misses;
    }
    languages[code] = out;
  }
  process.stdout.write(
    JSON.stringify(
      {
        data: dir,
        goals: GOALS,
        protocol:
          'flagged = tension level above none; main-actor recall: a labelled actor counts as found when the item has that entity, its GOV:/country form, or a place or state organ of that country; dyad accuracy: the top dyad equals the labelled [source, target] (GOV:X read as X), over tension items with a dyad; baseline: the same items through the English-only analyzer (what ran before native analysis)',
        languages,
      },
      null,
      2,
    ) + '\n',
  );
  return 0;
}
