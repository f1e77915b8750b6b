import { newsCorpus } from './news-corpus.ts';

// Realistic, distinct news items for load tests: each item stitches five sentences drawn at
// random (seeded) from news-like text generated in the repo (news-corpus.ts: templates written
// for the project, nothing read from beside the repo), so every item is its own story for the cleaner's
// near-duplicate grouping while the analyzer sees real-world language. Sentences are distinct,
// at most 200 characters, and no two items share more than one of them, so none is a near-copy
// of another (which the cleaner would rightly put in the same story: one alert, not two).

export interface SyntheticItem {
  guid: string;
  title: string;
  body: string;
}

function loadSentences(seed: number): { sentences: string[]; titles: string[]; source: string } {
  const { sentences, titles } = newsCorpus(4000, prng(seed ^ 0x5eed));
  // No overlong sentences: one of those would dominate an item, and two items sharing it would
  // be near-copies, rightly grouped into one story (one alert).
  return {
    sentences: sentences.filter((s) => s.length > 30 && s.length <= 200),
    titles,
    source: 'news-corpus',
  };
}

/** mulberry32: a small seeded PRNG, so runs are repeatable. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createItemSource(
  runId: string,
  seed = 42,
): {
  source: string;
  next(): SyntheticItem;
} {
  const { sentences, titles, source } = loadSentences(seed);
  if (sentences.length < 20) throw new Error('not enough text to generate items');
  const rand = prng(seed);
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)]!;
  // Sentences in shuffled rounds (each used once per round), and no two sentences together in
  // more than one item: two items share at most one sentence, never a near-copy.
  const P = sentences.length;
  let order: number[] = [];
  const pairs = new Set<number>();
  const shuffled = () => {
    const list = Array.from({ length: P }, (_, i) => i);
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    return list;
  };
  const pairKey = (a: number, b: number) => (a < b ? a * P + b : b * P + a);
  const pickSentences = (count: number): number[] => {
    const chosen: number[] = [];
    const skipped: number[] = [];
    for (let tries = 0; chosen.length < count; tries++) {
      if (!order.length) order = shuffled();
      const s = order.pop()!;
      // After many refusals (pairs nearly exhausted), accept a repeat rather than loop.
      if (!chosen.includes(s) && (tries > 4 * P || chosen.every((c) => !pairs.has(pairKey(c, s)))))
        chosen.push(s);
      else skipped.push(s);
    }
    order.push(...skipped);
    for (let i = 0; i < chosen.length; i++)
      for (let j = i + 1; j < chosen.length; j++) pairs.add(pairKey(chosen[i]!, chosen[j]!));
    return chosen;
  };
  let n = 0;
  return {
    source,
    next() {
      n++;
      const body = pickSentences(5)
        .map((i) => sentences[i]!)
        .join(' ');
      return {
        guid: `${runId}-${n}`,
        title: `${pick(titles)} (${n})`,
        body: `${body}\n\nReport ${runId}-${n}: filed at desk ${Math.floor(rand() * 1e6)}.`,
      };
    },
  };
}
