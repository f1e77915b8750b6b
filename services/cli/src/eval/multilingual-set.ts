import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@faultline/shared/paths';
import type { AnalyzedItem, CleanItem } from '@faultline/shared/schemas';
import {
  analyze,
  loadKnowledgeBase,
  loadTensionModel,
  LANGUAGE_TABLES,
  type KnowledgeBase,
  type TensionModel,
} from '@faultline/analyzer';

// The labelled multilingual set (services/analyzer/test-data/multilingual/<lang>.jsonl, written
// for the project: dev and untouched test splits) and how an analysis of it is scored. Used by
// `eval multilingual` (every figure, against the English-only analyzer) and by `eval tension`
// and `eval ner` (their per-language rows).

export const MULTILINGUAL_DIR = join(repoRoot, 'services/analyzer/test-data/multilingual');

export interface Labelled {
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

export const GOALS = { tensionF1: 0.8, actorRecall: 0.85 };

export function toClean(x: Labelled, lang: string): CleanItem {
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

export function score(items: Labelled[], run: (x: Labelled) => AnalyzedItem) {
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

/** The labelled items of one language, or null when its file is absent. */
export function loadLanguage(code: string, dir = MULTILINGUAL_DIR): Labelled[] | null {
  const file = join(dir, `${code}.jsonl`);
  if (!existsSync(file)) return null;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Labelled);
}

/** The native analysis scored on one split of every language that has a labelled file. */
export function scoreLanguages(
  split: 'dev' | 'test',
  models: { kb?: KnowledgeBase; model?: TensionModel } = {},
): Record<string, ReturnType<typeof score> & { n: number }> {
  const kb = models.kb ?? loadKnowledgeBase();
  const model = models.model ?? loadTensionModel();
  const out: Record<string, ReturnType<typeof score> & { n: number }> = {};
  for (const { code } of LANGUAGE_TABLES) {
    const items = loadLanguage(code)?.filter((x) => x.split === split);
    if (!items?.length) continue;
    out[code] = { n: items.length, ...score(items, (x) => analyze(toClean(x, x.lang), kb, model)) };
  }
  return out;
}
