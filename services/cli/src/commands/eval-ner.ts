import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ParseArgsOptions } from '../cli-help.ts';
import nlp from 'compromise';
import { sharedDataPath } from '@faultline/shared/paths';
import { loadKnowledgeBase, tagDocument } from '@faultline/analyzer';
import { scoreLanguages } from '../eval/multilingual-set.ts';
import {
  conllDocuments,
  HALF_RULE,
  parseConll,
  SpanScorer,
  spansFromTags,
  type ConllHalf,
  deserializeModel,
  trainingFileOf,
  parseWordClusters,
  TYPES,
  type TokenSpan,
} from '@faultline/analyzer/eval';
import { gunzipSync } from 'node:zlib';
import type { EntityType } from '@faultline/shared/schemas';

export const summary =
  'score the NER tagger on a CoNLL-2003 file (exact spans, per type + micro, tokens/s; tune and untouched halves) against compromise';

/** Its options (also what `--help` lists). */
export const options = {
  conll: { type: 'string' },
  model: { type: 'string' },
  clusters: { type: 'string' },
  'skip-compromise': { type: 'boolean', default: false },
} satisfies ParseArgsOptions;

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
  // Every other language: recall of the labelled main actors on the untouched test split of
  // the multilingual set (in the repo, so it is reported with or without CoNLL).
  const kb = loadKnowledgeBase();
  const languages = Object.fromEntries(
    Object.entries(scoreLanguages('test', { kb })).map(([code, r]) => [
      code,
      { split: 'test', n: r.n, actorRecall: r.actorRecall },
    ]),
  );
  if (!file || !existsSync(file)) {
    process.stderr.write(
      `eval ner: CoNLL file not found (${file ?? '../shared/data/ner/eng.testa'}); English skipped\n`,
    );
    process.stdout.write(JSON.stringify({ languages }) + '\n');
    return 0;
  }
  const data = parseConll(readFileSync(file, 'utf8'));
  const tagger = values.model ? deserializeModel(readFileSync(values.model)) : kb.tagger;
  if (!tagger) {
    process.stderr.write(
      'eval ner: no trained model (run services/analyzer/scripts/train-ner.ts)\n',
    );
    return 1;
  }
  // --model / --clusters score other weights (trained with those clusters) than the committed.
  const gazetteer = values.clusters
    ? {
        ...kb.gazetteer,
        clusters: parseWordClusters(gunzipSync(readFileSync(values.clusters)).toString('utf8')),
      }
    : kb.gazetteer;
  const docs = conllDocuments(data);
  const halfOf: ConllHalf[] = [];
  for (const d of docs) for (let i = d.start; i < d.end; i++) halfOf.push(d.half);
  const tokens = data.reduce((n, s) => n + s.words.length, 0);
  const preds: TokenSpan[][] = [];
  // Each document is tagged as production tags an item: casing context, stage 1, stage 2.
  const t0 = performance.now();
  for (const { start, end } of docs) {
    const sentences = data.slice(start, end).map((s) => s.words);
    preds.push(...tagDocument(sentences, tagger, gazetteer));
  }
  const ms = performance.now() - t0;
  const result: Record<string, unknown> = {
    sentences: data.length,
    tokens,
    // The tagger's epochs and cut-offs are chosen on the tune half only (train-ner.ts); the
    // untouched half is the honest figure for text the model and its tuning never saw.
    split: {
      rule: HALF_RULE,
      tune: countHalf(docs, 'tune'),
      untouched: countHalf(docs, 'untouched'),
    },
    faultline: {
      ...scoreHalves(data, preds, halfOf, TYPES),
      tokensPerSec: Math.round(tokens / (ms / 1000)),
    },
  };
  if (!values['skip-compromise']) {
    const c0 = performance.now();
    const cs = data.map((s) => compromiseSpans(s.words));
    const cms = performance.now() - c0;
    result['compromise'] = {
      ...scoreHalves(data, cs, halfOf, ['PER', 'ORG', 'LOC']),
      tokensPerSec: Math.round(tokens / (cms / 1000)),
    };
  }
  const trainingFile = trainingFileOf(values.model ?? join(kb.dir, 'ner.bin.gz'));
  if (existsSync(trainingFile)) result['training'] = JSON.parse(readFileSync(trainingFile, 'utf8'));
  process.stdout.write(JSON.stringify({ ...result, languages }) + '\n');
  return 0;
}

function countHalf(docs: Array<{ start: number; end: number; half: ConllHalf }>, half: ConllHalf) {
  const mine = docs.filter((d) => d.half === half);
  return { documents: mine.length, sentences: mine.reduce((n, d) => n + d.end - d.start, 0) };
}

/** Per-type and micro scores on the whole file, and micro scores on each half. */
function scoreHalves(
  data: ReturnType<typeof parseConll>,
  preds: TokenSpan[][],
  halfOf: ConllHalf[],
  types: readonly EntityType[],
) {
  const all = new SpanScorer(types);
  const halves = { tune: new SpanScorer(types), untouched: new SpanScorer(types) };
  data.forEach((s, i) => {
    const gold = spansFromTags(s.tags);
    all.add(gold, preds[i]!);
    halves[halfOf[i]!].add(gold, preds[i]!);
  });
  return {
    ...all.result(),
    tune: halves.tune.result()['micro'],
    untouched: halves.untouched.result()['micro'],
  };
}
