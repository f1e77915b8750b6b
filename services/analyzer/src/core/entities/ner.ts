import type { EntityType } from '@faultline/shared/schemas';
import { type Gazetteer } from './gazetteer.ts';
import {
  FeatureBuffers,
  extractFeatures,
  wordInfos,
  buildDocContext,
  buildHistory,
  roleFeatures,
  ROLES,
  type WordInfo,
  addHistoryFeatures,
  STRIDE,
  type DocContext,
} from './tagger/features.ts';
import { addPackedRows, emissions, PRE_SLOTS, type TaggerModel } from './tagger/model.ts';
import { viterbi } from './tagger/viterbi.ts';
import { NUM_LABELS, START, labelType, partOf } from './tagger/labels.ts';

/** A tagged span over a word array (end exclusive) with its mean token confidence. */
export interface TaggedSpan {
  start: number;
  end: number;
  type: EntityType;
  confidence: number;
}

const buffers = new FeatureBuffers();
let docFeats = new Uint32Array(4096 * STRIDE);
let labels = new Uint8Array(4096);
let conf = new Float32Array(4096);
let active = new Uint8Array(4096);
let em = new Float32Array(1024 * NUM_LABELS);
let pre1 = new Float64Array(1024 * PRE_SLOTS);
let pre2 = new Float64Array(4096 * PRE_SLOTS);
const scratch = new Uint32Array(16);

/** Slots of one word's memoised sums per stage: ROLES partial sums of PRE_SLOTS. */
const STAGE_SLOTS = ROLES * PRE_SLOTS;

/**
 * The packed row sums of a word's ROLES features under each stage of a model (stage 1, then
 * stage 2 when present), memoised on the word for the last model seen; null = beyond the
 * sentence edge.
 */
const edgeMemo = new WeakMap<TaggerModel, Uint32Array>();
function roleVector(info: WordInfo | null, model: TaggerModel): Uint32Array {
  if (info) {
    if (info.vecOf === model) return info.vec!;
  } else {
    const edge = edgeMemo.get(model);
    if (edge) return edge;
  }
  const vec = new Uint32Array(2 * STAGE_SLOTS);
  const stages = model.stage2 ? [model.stage1, model.stage2] : [model.stage1];
  stages.forEach((sw, k) => {
    for (let r = info ? 0 : 1; r < ROLES; r++) {
      const end = roleFeatures(info, r, scratch, 0);
      addPackedRows(sw, scratch, 0, end, vec, k * STAGE_SLOTS + r * PRE_SLOTS);
    }
  });
  if (!info) edgeMemo.set(model, vec);
  else {
    info.vecOf = model;
    info.vec = vec;
  }
  return vec;
}

const near: Uint32Array[] = [];

/**
 * Sums the ROLES rows of each active token (its own word and the two on each side) into
 * pre1 (stage 1, by sentence position) and pre2 (stage 2, at document offset `at`).
 */
function roleSums(
  model: TaggerModel,
  infos: readonly WordInfo[],
  n: number,
  act: Uint8Array,
  at: number,
): void {
  const edge = roleVector(null, model);
  near.length = n;
  for (let j = 0; j < n; j++)
    if (act[j] || act[j - 1] || act[j - 2] || act[j + 1] || act[j + 2])
      near[j] = roleVector(infos[j]!, model);
  const two = model.stage2 ? 2 : 1;
  for (let i = 0; i < n; i++) {
    if (!act[i]) continue;
    for (let k = 0; k < two; k++) {
      const out = k ? pre2 : pre1;
      const p = (k ? at + i : i) * PRE_SLOTS;
      const base = k * STAGE_SLOTS;
      const v0 = near[i]!;
      const v1 = i > 0 ? near[i - 1]! : edge;
      const v2 = i > 1 ? near[i - 2]! : edge;
      const v3 = i + 1 < n ? near[i + 1]! : edge;
      const v4 = i + 2 < n ? near[i + 2]! : edge;
      const o1 = base + PRE_SLOTS;
      const o2 = o1 + PRE_SLOTS;
      const o3 = o2 + PRE_SLOTS;
      const o4 = o3 + PRE_SLOTS;
      for (let s = 0; s < PRE_SLOTS; s++)
        out[p + s] = v0[base + s]! + v1[o1 + s]! + v2[o2 + s]! + v3[o3 + s]! + v4[o4 + s]!;
    }
  }
}

function spansOf(lab: Uint8Array, cf: Float32Array, from: number, n: number): TaggedSpan[] {
  const out: TaggedSpan[] = [];
  let cur: TaggedSpan | null = null;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const l = lab[from + i]!;
    const t = labelType(l);
    if (!t) {
      cur = null;
      continue;
    }
    const p = partOf(l);
    if (cur && cur.type === t && (p === 1 || p === 2)) {
      cur.end = i + 1;
      sum += cf[from + i]!;
      cur.confidence = sum / (cur.end - cur.start);
    } else {
      sum = cf[from + i]!;
      cur = { start: i, end: i + 1, type: t, confidence: sum };
      out.push(cur);
    }
    if (p >= 2) cur = null;
  }
  return out;
}

/**
 * Marks the tokens worth tagging: every token with an upper-case letter and its two neighbours
 * ("Bank of England", "de Gaulle"), except that a Capitalised function word opening a sentence
 * or a quote ("The", "But", "He") opens no window of its own (next to a capitalised word it is
 * still scored). Returns how many were marked. The other tokens (long lower-case stretches: most of an
 * article) are taken as O without being scored; on CoNLL testa and on the benchmark articles
 * the full tagger gives none of them an entity label.
 */
function markWindows(infos: readonly WordInfo[], act: Uint8Array): number {
  const n = infos.length;
  act.fill(0, 0, n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const info = infos[i]!;
    if (!info.upper || (info.opener && (i === 0 || !infos[i - 1]!.hasLetter))) continue;
    for (let k = i > 0 ? i - 1 : 0; k <= i + 1 && k < n; k++)
      if (!act[k]) {
        act[k] = 1;
        count++;
      }
  }
  return count;
}

/**
 * Viterbi over each run of active tokens of the sentence at `off` (act, lab and cf are
 * document-wide; em is the sentence's); an inactive token is O and splits the sentence.
 */
function decodeWindows(
  trans: Float32Array,
  n: number,
  off: number,
  lab: Uint8Array,
  cf: Float32Array | undefined,
): void {
  let i = 0;
  while (i < n) {
    if (!active[off + i]) {
      lab[off + i++] = 0;
      continue;
    }
    let j = i;
    while (j < n && active[off + j]) j++;
    viterbi(em, trans, j - i, lab, cf, i === 0 ? START : 0, j < n, i, off + i);
    i = j;
  }
}

/**
 * Tags the sentences of one document: stage 1 per sentence, then (when the model has it)
 * stage 2 with each word's stage-1 labels across the whole document as extra evidence.
 * Only windows around capitalised tokens are scored (see markWindows). `doc` defaults to the
 * document's own casing context.
 * Returns the entity spans of each sentence (token indexes within the sentence).
 */
export function tagDocument(
  sentences: readonly (readonly string[])[],
  model: TaggerModel,
  gaz: Gazetteer,
  doc?: DocContext,
): TaggedSpan[][] {
  let total = 0;
  let longest = 0;
  for (const s of sentences) {
    total += s.length;
    longest = Math.max(longest, s.length);
  }
  if (docFeats.length < total * STRIDE) docFeats = new Uint32Array(total * STRIDE * 2);
  if (labels.length < total) {
    labels = new Uint8Array(total * 2);
    conf = new Float32Array(total * 2);
    active = new Uint8Array(total * 2);
  }
  if (em.length < longest * NUM_LABELS) {
    em = new Float32Array(longest * NUM_LABELS * 2);
    pre1 = new Float64Array(longest * PRE_SLOTS * 2);
  }
  // Packed stages take the per-word feature groups as memoised sums instead of hashed slots.
  const split = !!model.stage1.packed && (!model.stage2 || !!model.stage2.packed);
  if (split && model.stage2 && pre2.length < total * PRE_SLOTS)
    pre2 = new Float64Array(total * PRE_SLOTS * 2);
  const infos = sentences.map(wordInfos);
  const ctx = doc ?? buildDocContext(infos);
  const stage2 = model.stage2;
  let off = 0;
  for (let s = 0; s < infos.length; s++) {
    const words = infos[s]!;
    const n = words.length;
    if (n === 0) continue;
    const act = active.subarray(off, off + n);
    const lab = labels.subarray(off, off + n);
    if (markWindows(words, act) === 0) lab.fill(0);
    else {
      const sf = extractFeatures(words, gaz, buffers, ctx, act, !split);
      if (split) roleSums(model, words, n, act, off);
      emissions(model.stage1, sf, false, em, act, split ? pre1 : null);
      decodeWindows(model.stage1.trans, n, off, labels, stage2 ? undefined : conf);
      if (stage2) {
        const f = sf.feats;
        for (let i = 0; i < n; i++) {
          if (!act[i]) continue;
          const from = i * STRIDE;
          const to = (off + i) * STRIDE;
          for (let k = 0; k < STRIDE; k++) docFeats[to + k] = f[from + k]!;
        }
      }
    }
    off += n;
  }
  if (stage2) {
    const labs: Uint8Array[] = [];
    const acts: Uint8Array[] = [];
    off = 0;
    for (const words of infos) {
      labs.push(labels.subarray(off, off + words.length));
      acts.push(active.subarray(off, off + words.length));
      off += words.length;
    }
    const hist = buildHistory(infos, labs, acts);
    off = 0;
    for (let s = 0; s < infos.length; s++) {
      const words = infos[s]!;
      const n = words.length;
      const act = acts[s]!;
      if (n === 0 || act.indexOf(1) < 0) {
        off += n;
        continue;
      }
      const sf = { feats: docFeats.subarray(off * STRIDE, (off + n) * STRIDE), length: n };
      const lab = labs[s]!;
      addHistoryFeatures(sf, words, lab, hist, act);
      emissions(
        stage2,
        sf,
        true,
        em,
        act,
        split ? pre2.subarray(off * PRE_SLOTS, (off + n) * PRE_SLOTS) : null,
      );
      decodeWindows(stage2.trans, n, off, labels, conf);
      off += n;
    }
  }
  const out: TaggedSpan[][] = [];
  off = 0;
  for (const words of sentences) {
    out.push(spansOf(labels, conf, off, words.length));
    off += words.length;
  }
  return out;
}

/** Tags one sentence on its own (no document history beyond the sentence). */
export function tagWords(
  words: readonly string[],
  model: TaggerModel,
  gaz: Gazetteer,
  doc?: DocContext,
): TaggedSpan[] {
  return tagDocument([words], model, gaz, doc)[0]!;
}
