import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '@faultline/shared/paths';
import type { AnalyzedItem, CleanItem } from '@faultline/shared/schemas';
import {
  analyze,
  extractEntities,
  loadKnowledgeBase,
  detectTension,
  loadTensionModel,
  LANGUAGE_TABLES,
} from '@faultline/analyzer';

export const summary =
  'per language and split: tension precision/recall/F1, main-actor recall and dyad accuracy of the native analysis vs the English-only analyzer, on the labelled multilingual set';

interface Labelled {
  id: string;
  lang: string;
  split: 'dev' | 'test';
  title: string;
  text: string;
  tension: boolean;
  cameo: string | null;
  actors: string[];
  dyad: [string, string] | null;
}

const GOALS = { tensionF1: 0.8, actorRecall: 0.85 };

function toClean(x: Labelled, lang: string): CleanItem {
  const now = '2026-01-15T12:00:00.000Z';
  return {
    itemId: x.id,
    feedId: 'eval',
    revision: 0,
    title: x.title,
    paragraphs: x.text.split('\n\n'),
    text: x.text,
    publishedAt: now,
    language: { code: lang, confidence: 1 },
    contentHash: x.id,
    storyId: x.id,
    firstInStory: true,
    sources: [],
    tags: [],
    fetchedAt: now,
    cleanedAt: now,
  };
}

/** GOV:X acts for X; a state organ or a capital stands for its country. */
function canonical(id: string): string {
  return id.startsWith('GOV:') ? id.slice(4) : id;
}

function score(items: Labelled[], run: (x: Labelled) => AnalyzedItem) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let actorsGold = 0;
  let actorsFound = 0;
  let dyadGold = 0;
  let dyadTop = 0;
  let dyadAny = 0;
  let cameoGold = 0;
  let cameoHit = 0;
  const misses: string[] = [];
  for (const x of items) {
    const a = run(x);
    const flagged = a.tension.level !== 'none';
    if (flagged && x.tension) tp++;
    else if (flagged) fp++;
    else if (x.tension) fn++;
    if (flagged !== x.tension) misses.push(`${x.id}:${x.tension ? 'fn' : 'fp'}`);
    const have = new Set<string>();
    for (const e of a.entities) {
      if (!e.id) continue;
      have.add(e.id);
      have.add(canonical(e.id));
      if (e.country && (e.type === 'LOC' || e.id.startsWith('ORG:'))) have.add(e.country);
    }
    for (const g of x.actors) {
      actorsGold++;
      if (have.has(g) || have.has(canonical(g))) actorsFound++;
    }
    if (x.tension && x.dyad) {
      dyadGold++;
      const [s, t] = x.dyad.map(canonical) as [string, string];
      const d = a.tension.dyads;
      if (d[0] && canonical(d[0].source) === s && canonical(d[0].target) === t) dyadTop++;
      if (d.some((y) => canonical(y.source) === s && canonical(y.target) === t)) dyadAny++;
    }
    if (x.tension && x.cameo) {
      cameoGold++;
      if (a.tension.topics.some((t) => t.cameo.slice(0, 2) === x.cameo!.slice(0, 2))) cameoHit++;
    }
  }
  const r3 = (v: number) => Math.round(v * 1000) / 1000;
  const p = tp + fp ? tp / (tp + fp) : 0;
  const r = tp + fn ? tp / (tp + fn) : 0;
  return {
    tension: {
      precision: r3(p),
      recall: r3(r),
      f1: r3(p + r ? (2 * p * r) / (p + r) : 0),
      tp,
      fp,
      fn,
    },
    actorRecall: r3(actorsGold ? actorsFound / actorsGold : 0),
    dyadAccuracy: r3(dyadGold ? dyadTop / dyadGold : 0),
    dyadInList: r3(dyadGold ? dyadAny / dyadGold : 0),
    cameoRootRecall: r3(cameoGold ? cameoHit / cameoGold : 0),
    misses,
  };
}

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
  const dir = values.dir ?? join(repoRoot, 'services/analyzer/test-data/multilingual');
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
    const file = join(dir, `${code}.jsonl`);
    if (!existsSync(file)) {
      process.stderr.write(`eval multilingual: ${file} absent; skipping ${code}\n`);
      continue;
    }
    const all = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Labelled);
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
