import { parseArgs } from 'node:util';
import type { ParseArgsOptions } from '../cli-help.ts';
import { cleanItem, splitTextLines, normalizeLine, stripJunkLines } from '@faultline/cleaner';
import {
  averageScores,
  round,
  scorePage,
  type PageScore,
  extractLinesWithReadability,
  extractWithReadability,
  inlineItemAsHtml,
  INLINE_SET,
  loadInlineSet,
  scoreInline,
  loadAeb,
  loadReferenceOutputs,
  loadTails,
  loadTrafilatura,
  rawItemFor,
} from '@faultline/cleaner/eval';
import { existsSync } from 'node:fs';

export const summary =
  'score the cleaner against article-extraction-benchmark (--aeb), trafilatura-eval (--trafilatura), junk-tails (--tails) and the inline-boilerplate set (--inline), beside Readability.js';

/** Its options (also what `--help` lists). */
export const options = {
  aeb: { type: 'string' },
  trafilatura: { type: 'string' },
  tails: { type: 'string' },
  half: { type: 'string' },
  inline: { type: 'boolean', default: false },
  'inline-file': { type: 'string' },
  misses: { type: 'boolean', default: false },
} satisfies ParseArgsOptions;

type Extractor = (html: string, id: string) => string;

const faultline: Extractor = (html, id) => {
  const result = cleanItem(rawItemFor(id, '', 'html'), { page: html });
  return result.ok ? result.value.text : '';
};

function timed(extract: Extractor, inputs: Array<{ id: string; html: string }>) {
  const outputs: string[] = [];
  const started = performance.now();
  for (const { id, html } of inputs) outputs.push(extract(html, id));
  return {
    outputs,
    msPerDoc: round((performance.now() - started) / Math.max(1, inputs.length), 3),
  };
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options,
  });
  const report: Record<string, unknown> = {};
  for (const [name, path] of Object.entries({
    aeb: values.aeb,
    trafilatura: values.trafilatura,
    tails: values.tails,
  })) {
    if (path && !existsSync(path)) {
      console.error(`eval clean: ${path} is absent, skipping ${name}`);
      return 0;
    }
  }
  if (values.aeb) report.aeb = evalAeb(values.aeb, values.half);
  if (values.trafilatura) report.trafilatura = evalTrafilatura(values.trafilatura);
  if (values.tails) report.tails = evalTails(values.tails);
  if (values.inline || values['inline-file'])
    report.inline = evalInline(values['inline-file'] ?? INLINE_SET, values.misses);
  if (Object.keys(report).length === 0) {
    console.error(
      'usage: faultline eval clean [--aeb <dir>] [--trafilatura <dir>] [--tails <items.jsonl>] [--inline [--inline-file <items.jsonl>] [--misses]]',
    );
    return 2;
  }
  const keys = Object.keys(report);
  console.log(JSON.stringify(keys.length === 1 ? report[keys[0]!] : report, null, 2));
  return 0;
}

/** `--half a|b` scores one half of the pages (by id), for tuning on one and checking the other. */
function inHalf(id: string, half?: string): boolean {
  if (!half) return true;
  const odd = parseInt(id.slice(0, 2), 16) % 2 === 1;
  return half === 'b' ? odd : !odd;
}

function evalAeb(dir: string, half?: string) {
  const pages = loadAeb(dir).filter((p) => inHalf(p.id, half));
  const references = loadReferenceOutputs(dir);
  const reference: Record<string, unknown> = {};
  for (const [tool, outputs] of Object.entries(references))
    reference[tool] = averageScores(pages.map((p) => scorePage(p.truth, outputs[p.id] ?? '')));
  const score = (extract: Extractor) => {
    const { outputs, msPerDoc } = timed(extract, pages);
    const avg = averageScores(pages.map((p, i) => scorePage(p.truth, outputs[i]!)));
    return {
      precision: avg.precision,
      recall: avg.recall,
      f1: avg.f1,
      accuracy: avg.accuracy,
      msPerDoc,
    };
  };
  // Each tool gets one untimed pass over the same pages right before its timed pass, so both are
  // timed in the steady state a long-running service sees (JIT-compiled code, warm caches) and
  // neither pays for the other's garbage.
  timed(faultline, pages);
  const f = score(faultline);
  timed(extractWithReadability, pages);
  const r = score(extractWithReadability);
  return {
    n: pages.length,
    reference,
    faultline: f,
    readability: r,
    speedup: round(r.msPerDoc / f.msPerDoc, 1),
  };
}

function evalTrafilatura(dir: string) {
  const docs = loadTrafilatura(dir);
  const inputs = docs.map((d) => ({ id: d.file, html: d.html }));
  const score = (extract: Extractor) => {
    const { outputs, msPerDoc } = timed(extract, inputs);
    let kept = 0,
      keepTotal = 0,
      dropped = 0,
      dropTotal = 0;
    docs.forEach((d, i) => {
      const text = outputs[i]!.replace(/\s+/g, ' ');
      keepTotal += d.with.length;
      kept += d.with.filter((s) => text.includes(s.replace(/\s+/g, ' ').trim())).length;
      dropTotal += d.without.length;
      dropped += d.without.filter((s) => !text.includes(s.replace(/\s+/g, ' ').trim())).length;
    });
    const tp = kept,
      fn = keepTotal - kept,
      fp = dropTotal - dropped;
    return {
      keptShare: round(kept / keepTotal),
      droppedShare: round(dropped / dropTotal),
      precision: round(tp / Math.max(1, tp + fp)),
      recall: round(tp / Math.max(1, tp + fn)),
      f1: round((2 * tp) / Math.max(1, 2 * tp + fp + fn)),
      msPerDoc,
    };
  };
  return {
    n: docs.length,
    faultline: score(faultline),
    readability: score(extractWithReadability),
  };
}

function evalTails(file: string) {
  const items = loadTails(file);
  const started = performance.now();
  const outputs = items.map((item) => {
    const result = cleanItem(rawItemFor(item.id, item.text, 'text'));
    return result.ok ? result.value.paragraphs : [];
  });
  const msPerDoc = round((performance.now() - started) / Math.max(1, items.length), 3);
  let leaked = 0,
    tailLines = 0;
  const pages: PageScore[] = items.map((item, i) => {
    const kept = new Set(outputs[i]!);
    tailLines += item.tail.length;
    leaked += item.tail.filter((line) => kept.has(normalizeLine(line))).length;
    return scorePage(item.body, outputs[i]!.join('\n\n'));
  });
  const avg = averageScores(pages);
  const controls = items
    .map((item, i) => ({ item, i }))
    .filter(({ item }) => item.tail.length === 0);
  const controlsIntact = controls.filter(({ item, i }) =>
    splitTextLines(item.body).every((l) => outputs[i]!.includes(l)),
  ).length;
  return {
    n: items.length,
    faultline: {
      f1: avg.f1,
      tailLeak: round(leaked / Math.max(1, tailLines)),
      bodyRecall: avg.recall,
      bodyPrecision: avg.precision,
      controlsIntact: `${controlsIntact}/${controls.length}`,
      msPerDoc,
    },
  };
}

/**
 * Inline boilerplate (the repo's own labelled set): lines removed and article lines kept per
 * split, for the cleaner on plain text and on the same lines as an HTML page, beside the cleaner
 * before inline stripping (tail stripping only) and Readability.js on the HTML page.
 */
function evalInline(file: string, showMisses: boolean) {
  const items = loadInlineSet(file);
  const misses = { leaked: [] as string[], dropped: [] as string[] };
  const run = (extract: (item: (typeof items)[number]) => string[], withMisses = false) => {
    const started = performance.now();
    const outputs = items.map(extract);
    const msPerDoc = round((performance.now() - started) / Math.max(1, items.length), 3);
    return { ...scoreInline(items, outputs, withMisses ? misses : undefined), msPerDoc };
  };
  const text = (item: (typeof items)[number]) => item.lines.map((l) => l.text).join('\n');
  const report: Record<string, unknown> = {
    file: file === INLINE_SET ? 'services/cleaner/test-data/inline-boilerplate.jsonl' : file,
    items: {
      dev: items.filter((i) => i.split === 'dev').length,
      test: items.filter((i) => i.split === 'test').length,
    },
    faultline: run((item) => {
      const result = cleanItem(rawItemFor(item.id, text(item), 'text'));
      return result.ok ? result.value.paragraphs : [];
    }, true),
    faultlineHtmlPage: run((item) => {
      const result = cleanItem(rawItemFor(item.id, '', 'html'), { page: inlineItemAsHtml(item) });
      return result.ok ? result.value.paragraphs : [];
    }),
    tailsOnly: run((item) => stripJunkLines(splitTextLines(text(item)))),
    readability: run((item) => extractLinesWithReadability(inlineItemAsHtml(item))),
  };
  if (showMisses) report.devMisses = misses;
  return report;
}
