import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@faultline/shared/paths';
import { round } from './score-shingles.ts';

// The inline-boilerplate set (services/cleaner/test-data/inline-boilerplate.jsonl): plain-text
// pages written for the project, modelled on real pages (each item names the page it follows),
// every line labelled `boilerplate` or `article`, each item in the `dev` or `test` split.

export interface InlineItem {
  id: string;
  split: 'dev' | 'test';
  lang: string;
  url: string;
  lines: Array<{ label: 'boilerplate' | 'article'; text: string }>;
}

export const INLINE_SET = join(
  repoRoot,
  'services',
  'cleaner',
  'test-data',
  'inline-boilerplate.jsonl',
);

export function loadInlineSet(file = INLINE_SET): InlineItem[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as InlineItem);
}

/** The item as a bare HTML page, one <p> per line, for extractors that read HTML. */
export function inlineItemAsHtml(item: InlineItem): string {
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = item.lines.map((l) => `<p>${esc(l.text)}</p>`).join('\n');
  return `<!doctype html><html lang="${item.lang}"><head><title></title></head><body><article>\n${body}\n</article></body></html>`;
}

export interface InlineScore {
  boilerplateLines: number;
  removed: number;
  removedShare: number;
  articleLines: number;
  kept: number;
  keptShare: number;
}

/**
 * Scores one system's output lines per split: a boilerplate line counts as removed when no
 * output line equals it, an article line as kept when one does (whitespace-normalised).
 */
export function scoreInline(
  items: InlineItem[],
  outputs: string[][],
  misses?: { leaked: string[]; dropped: string[] },
): Record<'dev' | 'test' | 'all', InlineScore> {
  const norm = (t: string) => t.replace(/\s+/g, ' ').trim();
  const acc = {
    dev: [0, 0, 0, 0],
    test: [0, 0, 0, 0],
    all: [0, 0, 0, 0],
  };
  items.forEach((item, i) => {
    const out = new Set(outputs[i]!.map(norm));
    for (const line of item.lines) {
      const present = out.has(norm(line.text));
      for (const key of [item.split, 'all'] as const) {
        const a = acc[key];
        if (line.label === 'boilerplate') {
          a[0]!++;
          if (!present) a[1]!++;
        } else {
          a[2]!++;
          if (present) a[3]!++;
        }
      }
      if (misses && item.split === 'dev') {
        if (line.label === 'boilerplate' && present) misses.leaked.push(line.text);
        if (line.label === 'article' && !present) misses.dropped.push(line.text);
      }
    }
  });
  const score = ([b, r, a, k]: number[]): InlineScore => ({
    boilerplateLines: b!,
    removed: r!,
    removedShare: round(r! / Math.max(1, b!)),
    articleLines: a!,
    kept: k!,
    keptShare: round(k! / Math.max(1, a!)),
  });
  return { dev: score(acc.dev), test: score(acc.test), all: score(acc.all) };
}
