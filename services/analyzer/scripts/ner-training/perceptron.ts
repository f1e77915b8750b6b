// Training for train-ner: the averaged structured perceptron that learns one stage's weights.
import { STRIDE } from '../../src/core/entities/tagger/features.ts';
import {
  MASK,
  TRANS_SIZE,
  emissions,
  type StageWeights,
} from '../../src/core/entities/tagger/model.ts';
import { viterbi } from '../../src/core/entities/tagger/viterbi.ts';
import { NUM_LABELS as L, START } from '../../src/core/entities/tagger/labels.ts';
import type { Example } from './documents.ts';

/** A seeded linear congruential generator in [0, 1): the same seed, the same shuffles. */
export function seededRandom(seed: number): () => number {
  let rng = seed;
  return (): number => (rng = (Math.imul(rng, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

export interface StageOptions {
  /** Learn the stage-2 history features too (slots 40 and up of each token). */
  history: boolean;
  epochs: number;
  /** Feature cut-off: buckets seen in fewer training tokens than this are never learned. */
  minCount: number;
  /** Shuffles the examples before each epoch. */
  rand: () => number;
}

/**
 * Averaged structured perceptron (Collins 2002). Calls `onEpoch` with the averaged weights
 * after each epoch; it returns the dev F1 (or null when there is nothing to select on).
 */
export function trainStage(
  examples: Example[],
  { history, epochs, minCount, rand }: StageOptions,
  onEpoch: (sw: StageWeights, epoch: number) => number | null,
): StageWeights {
  const size = (MASK + 1) * L;
  const w = new Float32Array(size);
  const u = new Float64Array(size);
  const t = new Float32Array(TRANS_SIZE);
  const tu = new Float64Array(TRANS_SIZE);
  const cur: StageWeights = { rowOf: null, w, trans: t };
  let c = 1;
  const em = new Float32Array(256 * L);
  const pred = new Uint8Array(256);
  let best: { f1: number; sw: StageWeights | null } = { f1: -1, sw: null };
  const order = examples.map((_, i) => i);
  const rare = new Uint8Array(MASK + 1);
  if (minCount > 1) {
    const seen = new Uint16Array(MASK + 1);
    for (const ex of examples)
      for (let k = 0; k < ex.n * STRIDE; k++) {
        const h = ex.feats[k]!;
        if (h !== 0 && seen[h & MASK]! < 65535) seen[h & MASK]!++;
      }
    for (let b = 0; b <= MASK; b++) rare[b] = seen[b]! < minCount ? 1 : 0;
  }
  const bump = (sf: Uint32Array, i: number, y: number, d: number): void => {
    for (let part = 0; part < (history ? 2 : 1); part++) {
      const base = i * STRIDE + (part ? 40 : 0);
      const end = part ? (i + 1) * STRIDE : base + 40;
      for (let k = base; k < end; k++) {
        const h = sf[k]!;
        if (h === 0) break;
        if (rare[h & MASK]) continue;
        const o = (h & MASK) * L + y;
        w[o]! += d;
        u[o]! += c * d;
      }
    }
  };
  const averaged = (): StageWeights => {
    const a = new Float32Array(size);
    for (let k = 0; k < size; k++) a[k] = w[k]! - u[k]! / c;
    const at = new Float32Array(TRANS_SIZE);
    for (let k = 0; k < TRANS_SIZE; k++) at[k] = t[k]! - tu[k]! / c;
    return { rowOf: null, w: a, trans: at };
  };
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let errors = 0;
    const t0 = Date.now();
    for (const idx of order) {
      const ex = examples[idx]!;
      const sf = { feats: ex.feats, length: ex.n };
      emissions(cur, sf, history, em);
      viterbi(em, t, ex.n, pred);
      let gp = START;
      let pp = START;
      for (let i = 0; i < ex.n; i++) {
        const g = ex.gold[i]!;
        const p = pred[i]!;
        if (g !== p) {
          errors++;
          bump(ex.feats, i, g, 1);
          bump(ex.feats, i, p, -1);
        }
        if (g !== p || gp !== pp) {
          t[gp * L + g]! += 1;
          tu[gp * L + g]! += c;
          t[pp * L + p]! -= 1;
          tu[pp * L + p]! -= c;
        }
        gp = g;
        pp = p;
      }
      c++;
    }
    const avg = averaged();
    const f1 = onEpoch(avg, epoch);
    process.stderr.write(
      `  epoch ${epoch}: token errors ${errors}${f1 === null ? '' : `, testa-tune micro F1 ${f1}`} (${Date.now() - t0} ms)\n`,
    );
    if (f1 === null) best = { f1: 0, sw: avg };
    else if (f1 > best.f1) best = { f1, sw: avg };
  }
  return best.sw!;
}
