// The article-extraction-benchmark metric (scrapinghub/article-extraction-benchmark, as its
// README and evaluate.py state it): `\w+` tokens, 4-token shingles with multiplicity, TP/FP/FN
// as multiset overlaps normalised per page, per-page precision and recall averaged over pages.

export interface PageScore {
  precision: number;
  recall: number;
  exact: boolean;
}

const WORD = /[\p{L}\p{N}\p{M}_]+/gu;

export function tokenizeMetric(text: string): string[] {
  return text.match(WORD) ?? [];
}

function shingleCounts(tokens: string[], n = 4): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join('\u0001');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Precision and recall of one prediction against the true text. */
export function scorePage(truth: string, predicted: string): PageScore {
  const t = tokenizeMetric(truth);
  const p = tokenizeMetric(predicted);
  const tc = shingleCounts(t);
  const pc = shingleCounts(p);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [k, n] of pc) {
    const m = tc.get(k) ?? 0;
    tp += Math.min(n, m);
    fp += Math.max(0, n - m);
  }
  for (const [k, m] of tc) fn += Math.max(0, m - (pc.get(k) ?? 0));
  const total = tp + fp + fn;
  if (total > 0) {
    tp /= total;
    fp /= total;
    fn /= total;
  }
  const precision = fp === 0 && fn === 0 ? 1 : tp === 0 && fp === 0 ? 0 : tp / (tp + fp);
  const recall = fp === 0 && fn === 0 ? 1 : tp === 0 && fn === 0 ? 0 : tp / (tp + fn);
  return { precision, recall, exact: t.join(' ') === p.join(' ') };
}

export interface MacroScore {
  n: number;
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
}

/** Macro average over pages, F1 from the averaged precision and recall. */
export function averageScores(pages: PageScore[]): MacroScore {
  const n = pages.length;
  const precision = pages.reduce((s, p) => s + p.precision, 0) / Math.max(1, n);
  const recall = pages.reduce((s, p) => s + p.recall, 0) / Math.max(1, n);
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  const accuracy = pages.filter((p) => p.exact).length / Math.max(1, n);
  return {
    n,
    precision: round(precision),
    recall: round(recall),
    f1: round(f1),
    accuracy: round(accuracy),
  };
}

export const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;
