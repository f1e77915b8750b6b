import type { RawItem } from '@faultline/shared/schemas';
import { rawItemFor } from './load-benchmarks.ts';

// A near-duplicate test set made from real article texts (the article-extraction-benchmark's
// gold bodies): for each article, copies as other feeds would carry them. Every article is its
// own story, so copies of one article must share a story id and different articles must not.

export interface DedupCase {
  raw: RawItem;
  story: string;
  variant: string;
}

/** Deterministic pseudo-random numbers, so the set is the same on every run. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => (x = (Math.imul(x ^ (x >>> 13), 0x5bd1e995) + 0x6b43a9b5) >>> 0) / 2 ** 32;
}

const BOILER_TOP = [
  'Share this article',
  'Follow us on Twitter',
  'By Staff Reporter',
  'Updated 2 hours ago',
];
const BOILER_END = [
  'Copyright 2019 Wire Agency. All rights reserved.',
  'Read more: Markets close higher on Friday',
  'Sign up for our daily newsletter',
];

export function buildDedupSet(articles: Array<{ id: string; text: string }>): DedupCase[] {
  const random = rng(42);
  const cases: DedupCase[] = [];
  for (const { id, text } of articles) {
    const paragraphs = text
      .split(/\n+/)
      .map((p) => p.trim())
      .filter(Boolean);
    if (paragraphs.join(' ').split(' ').length < 120) continue;
    const html = (ps: string[]) => ps.map((p) => `<p>${escape(p)}</p>`).join('\n');
    const add = (
      variant: string,
      content: string,
      type: 'html' | 'text' = 'html',
      title = `Story ${id.slice(0, 6)}`,
    ) =>
      cases.push({
        raw: {
          ...rawItemFor(`${id.slice(0, 12)}-${variant}`, content, type, title),
          feedId: `feed-${variant}`,
        },
        story: id,
        variant,
      });
    add('original', html(paragraphs));
    add('exact', html(paragraphs), 'html', `Story ${id.slice(0, 6)}`);
    add(
      'boilerplate',
      `<nav><a href="/">Home</a> <a href="/world">World</a></nav><div class="share">${BOILER_TOP[Math.floor(random() * 4)]}</div>` +
        `<article>${html(paragraphs)}</article><aside class="related"><ul><li><a href="/r">${BOILER_END[1]}</a></li></ul></aside><footer>${BOILER_END[0]}</footer>`,
    );
    add(
      'headline-edit',
      html(editLightly(paragraphs, random)),
      'html',
      `UPDATED: story ${id.slice(0, 6)} as it develops`,
    );
    add(
      'truncated',
      html(paragraphs.slice(0, Math.max(2, Math.ceil(paragraphs.length * 0.5)))),
      'html',
    );
    add(
      'plain-text-tail',
      `${paragraphs.join('\n')}\n-\n${BOILER_END.map((b) => `${b} -`).join('\n')}`,
      'text',
    );
  }
  return cases;
}

/** Drops one paragraph and changes a few words, as an edited rewrite of a wire story would. */
function editLightly(paragraphs: string[], random: () => number): string[] {
  const out = paragraphs.filter(
    (_, i) => paragraphs.length < 4 || i !== 1 + Math.floor(random() * (paragraphs.length - 1)),
  );
  return out.map((p) =>
    p
      .replace(/\bsaid\b/g, 'stated')
      .replace(/\bon (Monday|Tuesday|Wednesday|Thursday|Friday)\b/g, 'this week'),
  );
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface PairScore {
  precision: number;
  recall: number;
  f1: number;
}

/** Pairwise precision/recall of a grouping against the true stories. */
export function scoreGrouping(truth: string[], predicted: string[]): PairScore {
  let tp = 0,
    fp = 0,
    fn = 0;
  for (let i = 0; i < truth.length; i++)
    for (let j = i + 1; j < truth.length; j++) {
      const same = truth[i] === truth[j];
      const grouped = predicted[i] === predicted[j];
      if (same && grouped) tp++;
      else if (grouped) fp++;
      else if (same) fn++;
    }
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  return {
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
  };
}
