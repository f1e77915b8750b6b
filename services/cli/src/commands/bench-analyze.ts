import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ParseArgsOptions } from '../cli-help.ts';
import nlp from 'compromise';
import type { CleanItem } from '@faultline/shared/schemas';
import { repoRoot, sharedDataPath } from '@faultline/shared/paths';
import {
  loadKnowledgeBase,
  type KnowledgeBase,
  loadTensionModel,
  type TensionModel,
  analyze,
  extractEntities,
  detectTension,
} from '@faultline/analyzer';

export const summary =
  'articles/s of the full analysis (entities + tension) vs compromise entity extraction alone, same real articles (and feed-length AG News items)';

/** Its options (also what `--help` lists). */
export const options = {
  ms: { type: 'string', default: '3000' },
  lang: { type: 'string' },
} satisfies ParseArgsOptions;

function toClean(id: string, title: string, text: string, lang = 'en'): CleanItem {
  const now = new Date().toISOString();
  return {
    itemId: id,
    feedId: 'bench',
    revision: 0,
    title,
    paragraphs: text.split('\n\n'),
    text,
    publishedAt: now,
    language: { code: lang, confidence: 1 },
    contentHash: id,
    storyId: id,
    firstInStory: true,
    sources: [],
    tags: [],
    fetchedAt: now,
    cleanedAt: now,
  };
}

/**
 * Runs `fn` over all items repeatedly for at least `minMs`; returns items per second of wall time
 * and per second of this process's CPU time (the machine may be shared: CPU time is the honest
 * per-core figure).
 */
function measure<T>(items: T[], fn: (x: T) => unknown, minMs: number) {
  for (const x of items) fn(x); // warm-up: one pass (JIT, caches)
  let n = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  while (performance.now() - t0 < minMs)
    for (const x of items) {
      fn(x);
      n++;
    }
  const cpu = process.cpuUsage(c0);
  return {
    articlesPerSec: Math.round((n / (performance.now() - t0)) * 1000),
    articlesPerCpuSec: Math.round((n / (cpu.user + cpu.system)) * 1e6),
  };
}

/** Full analysis, entities alone, tension alone and compromise over the same items. */
function compare(items: CleanItem[], kb: KnowledgeBase, model: TensionModel, minMs: number) {
  const faultline = measure(items, (c) => analyze(c, kb, model), minMs);
  const entitiesOnly = measure(
    items,
    (c) => extractEntities({ title: c.title, text: c.text, publishedAt: c.publishedAt }, kb),
    minMs,
  );
  // Tension alone: the same articles with their entities extracted beforehand.
  const withEntities = items.map((c) => ({
    c,
    found: extractEntities({ title: c.title, text: c.text, publishedAt: c.publishedAt }, kb),
  }));
  const tensionOnly = measure(
    withEntities,
    ({ c, found }) => detectTension({ title: c.title, text: c.text }, found, model),
    minMs,
  );
  const compromise = measure(
    items,
    (c) => {
      const doc = nlp(`${c.title}\n${c.text}`);
      return [
        doc.people().out('array'),
        doc.places().out('array'),
        doc.organizations().out('array'),
      ];
    },
    minMs,
  );
  const ms = (m: { articlesPerCpuSec: number }) => ({
    ...m,
    msPerArticle: Math.round((1000 / m.articlesPerCpuSec) * 1000) / 1000,
  });
  return {
    faultline: ms(faultline),
    entitiesOnly: ms(entitiesOnly),
    tensionOnly: ms(tensionOnly),
    compromise: ms(compromise),
  };
}

/**
 * `--lang L`: full-length articles in L composed from the repo's own sentences
 * (services/analyzer/test-data/multilingual-bench/L.txt, deterministic order), the native
 * analysis vs the English-only analyzer over the same articles.
 */
function benchLanguage(lang: string, minMs: number): number {
  const file = join(repoRoot, 'services/analyzer/test-data/multilingual-bench', `${lang}.txt`);
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim());
  } catch {
    process.stderr.write(`bench analyze: no sentences for --lang ${lang} (${file}); skipping\n`);
    return 0;
  }
  const target = /^(zh|ja|ko)$/.test(lang) ? 1500 : 3000;
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % lines.length;
  const items = Array.from({ length: 200 }, (_, i) => {
    const paras: string[] = [];
    let len = 0;
    while (len < target) {
      const p = [lines[next()]!, lines[next()]!, lines[next()]!].join(
        /^(zh|ja)$/.test(lang) ? '' : ' ',
      );
      paras.push(p);
      len += p.length + 2;
    }
    return toClean(`${lang}-${i}`, lines[next()]!, paras.join('\n\n'), lang);
  });
  const kb = loadKnowledgeBase();
  const model = loadTensionModel();
  const native = measure(items, (c) => analyze(c, kb, model), minMs);
  const englishOnly = measure(
    items,
    (c) => {
      const found = extractEntities(
        { title: c.title, text: c.text, publishedAt: c.publishedAt },
        kb,
      );
      return detectTension({ title: c.title, text: c.text }, found, model);
    },
    minMs,
  );
  const sample = analyze(items[0]!, kb, model);
  console.log(
    JSON.stringify({
      lang,
      articles: items.length,
      avgChars: Math.round(items.reduce((s, c) => s + c.text.length, 0) / items.length),
      source: `synthetic articles from ${file.slice(repoRoot.length + 1)}, single thread (one core)`,
      goal: { articlesPerCpuSec: 500 },
      faultline: native,
      englishOnly,
      sample: {
        mode: sample.analysis?.mode,
        entities: sample.entities.length,
        level: sample.tension.level,
      },
    }),
  );
  return 0;
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options });
  if (values.lang) return benchLanguage(values.lang, Number(values.ms));
  const dir = sharedDataPath('article-extraction-benchmark');
  if (!dir) {
    process.stderr.write(
      'bench analyze: ../shared/data/article-extraction-benchmark absent; skipping\n',
    );
    return 0;
  }
  const truth = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as Record<
    string,
    { articleBody?: string; title?: string }
  >;
  const items = Object.entries(truth)
    .filter(([, v]) => v.articleBody)
    .map(([id, v]) => toClean(id, v.title ?? '', v.articleBody!));
  const kb = loadKnowledgeBase();
  const model = loadTensionModel();
  const minMs = Number(values.ms);
  const long = compare(items, kb, model, minMs);
  const chars = Math.round(items.reduce((s, c) => s + c.text.length, 0) / items.length);
  const out: Record<string, unknown> = {
    articles: items.length,
    avgChars: chars,
    source: 'article-extraction-benchmark ground-truth article bodies, single thread (one core)',
    ...long,
  };
  // What most feeds carry: a headline and a one- or two-sentence description.
  const agDir = sharedDataPath('news-topics-agnews');
  if (agDir) {
    const short = readFileSync(join(agDir, 'agnews_sample.dev.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { id: string; title: string; description: string })
      .map((r) => toClean(r.id, r.title, r.description));
    out['feedItems'] = {
      articles: short.length,
      avgChars: Math.round(
        short.reduce((s, c) => s + c.title.length + c.text.length, 0) / short.length,
      ),
      source: 'news-topics-agnews dev: title + description, as RSS feeds carry them',
      ...compare(short, kb, model, minMs),
    };
  } else process.stderr.write('bench analyze: news-topics-agnews absent; no feedItems key\n');
  console.log(JSON.stringify(out));
  return 0;
}
