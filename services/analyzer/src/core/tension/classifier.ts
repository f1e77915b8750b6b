// Multinomial logistic regression over hashed sparse features (5 CAMEO PentaClass outputs),
// trained with AdaGrad and L2, deterministic (seeded shuffle). Weights are kept sparse: only
// features seen in training carry a row.

export const CLASSES = 5;

export type Weights = Map<number, Float64Array>;

export interface Example {
  feats: number[];
  label: number;
}

export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
  /** Per-class weight of the loss (balances small classes). */
  classWeights?: number[];
}

export function predictProbs(weights: Weights, feats: number[]): number[] {
  const z = new Array<number>(CLASSES).fill(0);
  for (const f of feats) {
    const row = weights.get(f);
    if (!row) continue;
    for (let c = 0; c < CLASSES; c++) z[c]! += row[c]!;
  }
  const max = Math.max(...z);
  let sum = 0;
  for (let c = 0; c < CLASSES; c++) sum += z[c] = Math.exp(z[c]! - max);
  return z.map((v) => v / sum);
}

/**
 * The weights laid out for scoring: an open-addressing table feature -> row (small enough to
 * stay in cache) and the rows in one Float32Array, so scoring a sentence is array reads only.
 */
export interface WeightTable {
  keys: Int32Array;
  slots: Int32Array;
  shift: number;
  rows: Float32Array;
}

const slotOf = (f: number, shift: number) => Math.imul(f, 0x9e3779b1) >>> shift;

export function compileWeights(weights: Weights): WeightTable {
  let bits = 4;
  while (1 << bits < weights.size * 2) bits++;
  const keys = new Int32Array(1 << bits).fill(-1);
  const slots = new Int32Array(1 << bits);
  const rows = new Float32Array(weights.size * CLASSES);
  const shift = 32 - bits;
  const mask = (1 << bits) - 1;
  let r = 0;
  for (const [f, row] of weights) {
    let k = slotOf(f, shift);
    while (keys[k] !== -1) k = (k + 1) & mask;
    keys[k] = f;
    slots[k] = r;
    rows.set(row, r * CLASSES);
    r++;
  }
  return { keys, slots, shift, rows };
}

function rowOf(t: WeightTable, f: number): number {
  const mask = t.keys.length - 1;
  for (let k = slotOf(f, t.shift); ; k = (k + 1) & mask) {
    const key = t.keys[k]!;
    if (key === f) return t.slots[k]!;
    if (key === -1) return -1;
  }
}

/** Class probabilities of feats[0..n) into `out` (length CLASSES); no allocation. */
export function predictInto(table: WeightTable, feats: Int32Array, n: number, out: Float64Array) {
  out.fill(0);
  for (let i = 0; i < n; i++) {
    const r = rowOf(table, feats[i]!);
    if (r < 0) continue;
    const o = r * CLASSES;
    for (let c = 0; c < CLASSES; c++) out[c]! += table.rows[o + c]!;
  }
  let max = out[0]!;
  for (let c = 1; c < CLASSES; c++) if (out[c]! > max) max = out[c]!;
  let sum = 0;
  for (let c = 0; c < CLASSES; c++) sum += out[c] = Math.exp(out[c]! - max);
  for (let c = 0; c < CLASSES; c++) out[c]! /= sum;
}

function shuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9;
    s >>>= 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function trainSoftmax(examples: Example[], options: TrainOptions = {}): Weights {
  const epochs = options.epochs ?? 30;
  const lr = options.learningRate ?? 0.5;
  const l2 = options.l2 ?? 1e-4;
  const cw = options.classWeights ?? new Array<number>(CLASSES).fill(1);
  // Features renumbered densely (first-seen order) so weights and squared gradients are flat
  // arrays; same AdaGrad updates as over a map, several times faster (nested CV trains often).
  const dense = new Map<number, number>();
  const rows = examples.map((ex) =>
    Int32Array.from(ex.feats, (f) => {
      let d = dense.get(f);
      if (d === undefined) dense.set(f, (d = dense.size));
      return d;
    }),
  );
  const w = new Float64Array(dense.size * CLASSES);
  const g2 = new Float64Array(dense.size * CLASSES).fill(1e-6);
  const p = new Float64Array(CLASSES);
  const order = examples.map((_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const k of shuffle(order, (options.seed ?? 7) + epoch)) {
      const feats = rows[k]!;
      const label = examples[k]!.label;
      p.fill(0);
      for (const d of feats) for (let c = 0; c < CLASSES; c++) p[c]! += w[d * CLASSES + c]!;
      let max = p[0]!;
      for (let c = 1; c < CLASSES; c++) if (p[c]! > max) max = p[c]!;
      let sum = 0;
      for (let c = 0; c < CLASSES; c++) sum += p[c] = Math.exp(p[c]! - max);
      const scale = cw[label] ?? 1;
      for (const d of feats)
        for (let c = 0; c < CLASSES; c++) {
          const j = d * CLASSES + c;
          const grad = scale * (p[c]! / sum - (c === label ? 1 : 0)) + l2 * w[j]!;
          g2[j]! += grad * grad;
          w[j]! -= (lr * grad) / Math.sqrt(g2[j]!);
        }
    }
  }
  const weights: Weights = new Map();
  for (const [f, d] of dense) weights.set(f, w.slice(d * CLASSES, (d + 1) * CLASSES));
  return weights;
}

/** Compact JSON form: feature index -> weights rounded to 4 decimals; near-zero rows dropped. */
export function serializeWeights(weights: Weights): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [f, row] of [...weights].sort((a, b) => a[0] - b[0])) {
    const r = [...row].map((v) => Math.round(v * 1e4) / 1e4);
    if (r.some((v) => Math.abs(v) >= 1e-3)) out[f] = r;
  }
  return out;
}

export function deserializeWeights(json: Record<string, number[]>): Weights {
  const weights: Weights = new Map();
  for (const [k, v] of Object.entries(json)) weights.set(Number(k), Float64Array.from(v));
  return weights;
}
