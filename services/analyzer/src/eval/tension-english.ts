import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

// The English tension set (test-data/tension-en.jsonl): feed-like items (headline + 1-3 sentence
// summary) written for the project, each modelled on the real report at its `url`, about 1/3
// without tension. `split` is fixed per item (a hash of its id): "dev" items may be looked at
// while tuning the cues, lexicon and dyads; "test" items are for the final figures only.

export const EN_SET_PATH = fileURLToPath(
  new URL('../../test-data/tension-en.jsonl', import.meta.url),
);

export const EnglishItem = z.object({
  id: z.string().min(1),
  split: z.enum(['dev', 'test']),
  headline: z.string().min(1),
  summary: z.string().min(1),
  tension: z.boolean(),
  /** CAMEO root (two digits) of the main event, or null (no event worth coding). */
  cameo: z
    .string()
    .regex(/^\d\d$/)
    .nullable(),
  /** Main actors: ISO3, ORG:X, PER:slug. */
  actors: z.array(z.string().min(1)),
  /** [source, target] of the main tension event (two actors: countries or organisations). */
  dyad: z.tuple([z.string(), z.string()]).nullable(),
  url: z.url(),
});
export type EnglishItem = z.infer<typeof EnglishItem>;

export function loadEnglishSet(path = EN_SET_PATH): EnglishItem[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const parsed = EnglishItem.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

/** What a detector says about one item. */
export interface EnglishPrediction {
  tense: boolean;
  /** Level medium or above (a detector without levels: same as tense). */
  medium: boolean;
  /** Its main dyad [source, target], or null. */
  dyad: [string, string] | null;
}

export interface EnglishScores {
  items: number;
  tense: number;
  p: number;
  r: number;
  f1: number;
  /** Recall counting only items at level medium or above. */
  recallMedium: number;
  /** Items with a gold dyad, and the share whose main dyad is that pair (any order) ... */
  dyadItems: number;
  dyadPair: number;
  /** ... and in the gold direction. */
  dyadDirection: number;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
/** A government acts for its country. */
const actor = (id: string) => (id.startsWith('GOV:') ? id.slice(4) : id);

export function scoreEnglish(items: EnglishItem[], preds: EnglishPrediction[]): EnglishScores {
  let tp = 0,
    fp = 0,
    fn = 0,
    tpMedium = 0,
    dyadItems = 0,
    pair = 0,
    direction = 0;
  items.forEach((item, i) => {
    const pred = preds[i]!;
    if (item.tension && pred.tense) tp++;
    else if (pred.tense) fp++;
    else if (item.tension) fn++;
    if (item.tension && pred.medium) tpMedium++;
    if (!item.dyad) return;
    dyadItems++;
    if (!pred.dyad) return;
    const [gs, gt] = item.dyad.map(actor) as [string, string];
    const [ps, pt] = pred.dyad.map(actor) as [string, string];
    if (gs === ps && gt === pt) direction++;
    if ((gs === ps && gt === pt) || (gs === pt && gt === ps)) pair++;
  });
  const p = tp / (tp + fp || 1);
  const r = tp / (tp + fn || 1);
  return {
    items: items.length,
    tense: tp + fn,
    p: round(p),
    r: round(r),
    f1: round(p + r ? (2 * p * r) / (p + r) : 0),
    recallMedium: round(tpMedium / (tp + fn || 1)),
    dyadItems,
    dyadPair: round(pair / (dyadItems || 1)),
    dyadDirection: round(direction / (dyadItems || 1)),
  };
}

/** Scores per split ("dev", "test") and over all items. */
export function scoreEnglishBySplit(
  items: EnglishItem[],
  preds: EnglishPrediction[],
): Record<'dev' | 'test' | 'all', EnglishScores> {
  const pick = (split: 'dev' | 'test') => {
    const idx = items.map((it, i) => [it.split, i] as const).filter(([s]) => s === split);
    return scoreEnglish(
      idx.map(([, i]) => items[i]!),
      idx.map(([, i]) => preds[i]!),
    );
  };
  return { dev: pick('dev'), test: pick('test'), all: scoreEnglish(items, preds) };
}

/** One item a detector got wrong: tension missed or falsely flagged, or the wrong main dyad. */
export interface EnglishError {
  id: string;
  kind: 'missed' | 'false-alarm' | 'dyad';
  headline: string;
  /** Gold: tension, or the dyad [source, target] (kind "dyad"). */
  expected: boolean | [string, string];
  /** Predicted: tension, or the dyad (null: none found). */
  got: boolean | [string, string] | null;
  /** For kind "dyad": the right pair in the wrong direction. */
  reversed?: boolean;
}

/**
 * Every error on the dev split, in file order, scored as scoreEnglish scores them. Dev only, by
 * design: the test split is for final figures and must never be looked at item by item.
 */
export function englishDevErrors(items: EnglishItem[], preds: EnglishPrediction[]): EnglishError[] {
  const errors: EnglishError[] = [];
  items.forEach((item, i) => {
    if (item.split !== 'dev') return;
    const pred = preds[i]!;
    const base = { id: item.id, headline: item.headline };
    if (item.tension !== pred.tense) {
      errors.push({
        ...base,
        kind: item.tension ? 'missed' : 'false-alarm',
        expected: item.tension,
        got: pred.tense,
      });
    }
    if (!item.dyad) return;
    const [gs, gt] = item.dyad.map(actor) as [string, string];
    const got = pred.dyad && (pred.dyad.map(actor) as [string, string]);
    if (got && got[0] === gs && got[1] === gt) return;
    const reversed = !!got && got[0] === gt && got[1] === gs;
    errors.push({ ...base, kind: 'dyad', expected: item.dyad, got: pred.dyad, reversed });
  });
  return errors;
}
