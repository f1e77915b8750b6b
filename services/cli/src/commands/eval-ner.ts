import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ParseArgsOptions } from '../cli-help.ts';
import nlp from 'compromise';
import { sharedDataPath } from '@faultline/shared/paths';
import { loadKnowledgeBase } from '@faultline/analyzer/core/entities/index.ts';
import {
  parseConll,
  SpanScorer,
  spansFromTags,
  type ConllSentence,
} from '@faultline/analyzer/core/entities/conll.ts';
import { tagDocument } from '@faultline/analyzer/core/entities/ner.ts';
import { TYPES, type TokenSpan } from '@faultline/analyzer/core/entities/tagger/labels.ts';

export const summary =
  'score the NER tagger on a CoNLL-2003 file (exact spans, per type + micro, tokens/s) against compromise';

/** Its options (also what `--help` lists). */
export const options = {
  conll: { type: 'string' },
  'skip-compromise': { type: 'boolean', default: false },
} satisfies ParseArgsOptions;

/** Documents (sentences between -DOCSTART- marks) as [start, end) sentence ranges. */
function docRanges(data: ConllSentence[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  for (let i = 1; i <= data.length; i++) {
    if (i === data.length || data[i]!.docStart) {
      out.push([start, i]);
      start = i;
    }
  }
  return out;
}

/** compromise people/places/organizations mapped back to token spans by character offsets. */
function compromiseSpans(words: readonly string[]): TokenSpan[] {
  const starts: number[] = [];
  let text = '';
  for (const w of words) {
    starts.push(text.length);
    text += w + ' ';
  }
  const tokenAt = (c: number): number => {
    let t = 0;
    while (t + 1 < starts.length && starts[t + 1]! <= c) t++;
    return t;
  };
  const doc = nlp(text);
  const out: TokenSpan[] = [];
  const add = (view: { json(o: object): unknown }, type: 'PER' | 'LOC' | 'ORG'): void => {
    for (const m of view.json({ offset: true }) as Array<{
      offset: { start: number; length: number };
      text: string;
    }>) {
      const trimmed = m.text.replace(/[\s.,;:'"!?)]+$/, '');
      if (!trimmed) continue;
      const s = tokenAt(m.offset.start);
      const e = tokenAt(m.offset.start + trimmed.length - 1) + 1;
      out.push({ start: s, end: e, type });
    }
  };
  add(doc.people(), 'PER');
  add(doc.places(), 'LOC');
  add(doc.organizations(), 'ORG');
  return out;
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options,
  });
  const file =
    values.conll ?? (sharedDataPath('ner') ? join(sharedDataPath('ner')!, 'eng.testa') : null);
  if (!file || !existsSync(file)) {
    process.stderr.write(
      `eval ner: CoNLL file not found (${file ?? '../shared/data/ner/eng.testa'}); skipping\n`,
    );
    return 0;
  }
  const data = parseConll(readFileSync(file, 'utf8'));
  const kb = loadKnowledgeBase();
  if (!kb.tagger) {
    process.stderr.write(
      'eval ner: no trained model (run services/analyzer/scripts/train-ner.ts)\n',
    );
    return 1;
  }
  const docs = docRanges(data);
  const tokens = data.reduce((n, s) => n + s.words.length, 0);
  const ours = new SpanScorer(TYPES);
  const preds: TokenSpan[][] = [];
  // Each document is tagged as production tags an item: casing context, stage 1, stage 2.
  const t0 = performance.now();
  for (const [a, b] of docs) {
    const sentences = data.slice(a, b).map((s) => s.words);
    preds.push(...tagDocument(sentences, kb.tagger, kb.gazetteer));
  }
  const ms = performance.now() - t0;
  data.forEach((s, i) => ours.add(spansFromTags(s.tags), preds[i]!));
  const result: Record<string, unknown> = {
    sentences: data.length,
    tokens,
    faultline: { ...ours.result(), tokensPerSec: Math.round(tokens / (ms / 1000)) },
  };
  if (!values['skip-compromise']) {
    const theirs = new SpanScorer(['PER', 'ORG', 'LOC']);
    const c0 = performance.now();
    const cs = data.map((s) => compromiseSpans(s.words));
    const cms = performance.now() - c0;
    data.forEach((s, i) => theirs.add(spansFromTags(s.tags), cs[i]!));
    result['compromise'] = { ...theirs.result(), tokensPerSec: Math.round(tokens / (cms / 1000)) };
  }
  process.stdout.write(JSON.stringify(result) + '\n');
  return 0;
}
