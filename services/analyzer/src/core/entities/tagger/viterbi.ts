import { NUM_LABELS, START, ALLOWED, canEnd } from './labels.ts';

// Decoding: the best allowed BILOU label sequence for a sentence's emission scores.

const L = NUM_LABELS;

/** For each label, the labels that may precede it (PREV_AT[y]..PREV_AT[y+1] in PREV). */
const PREV_AT = new Int32Array(L + 1);
const PREV: Uint8Array = (() => {
  const out: number[] = [];
  for (let y = 0; y < L; y++) {
    PREV_AT[y] = out.length;
    for (let p = 0; p < L; p++) if (ALLOWED[p * L + y]) out.push(p);
  }
  PREV_AT[L] = out.length;
  return Uint8Array.from(out);
})();

let delta = new Float32Array(256 * L);
let back = new Uint8Array(256 * L);

/**
 * First-order Viterbi over BILOU labels: writes the best allowed label sequence into `labels`
 * and, when `conf` is given, each token's softmax probability of its label given the path.
 * A window of a longer sentence passes the label before it (`first`: START, or O inside a
 * sentence) and `tail` when an O follows it; it starts at token `emAt` of `em` and is written
 * from index `at` of `labels` and `conf`.
 */
export function viterbi(
  em: Float32Array,
  trans: Float32Array,
  n: number,
  labels: Uint8Array,
  conf?: Float32Array,
  first: number = START,
  tail = false,
  emAt = 0,
  at = 0,
): void {
  if (delta.length < n * L) {
    delta = new Float32Array(n * L * 2);
    back = new Uint8Array(n * L * 2);
  }
  const e0 = emAt * L;
  for (let y = 0; y < L; y++)
    delta[y] = ALLOWED[first * L + y] ? em[e0 + y]! + trans[first * L + y]! : -Infinity;
  for (let i = 1; i < n; i++) {
    const d = i * L;
    const pd = d - L;
    for (let y = 0; y < L; y++) {
      let best = -Infinity;
      let arg = 0;
      for (let j = PREV_AT[y]!; j < PREV_AT[y + 1]!; j++) {
        const p = PREV[j]!;
        const s = delta[pd + p]! + trans[p * L + y]!;
        if (s > best) {
          best = s;
          arg = p;
        }
      }
      delta[d + y] = best + em[e0 + d + y]!;
      back[d + y] = arg;
    }
  }
  let best = -Infinity;
  let arg = 0;
  const last = (n - 1) * L;
  for (let y = 0; y < L; y++) {
    if (!canEnd(y)) continue; // before an O or the sentence end alike
    const s = delta[last + y]! + (tail ? trans[y * L]! : 0);
    if (s > best) {
      best = s;
      arg = y;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    labels[at + i] = arg;
    arg = back[i * L + arg]!;
  }
  if (!conf) return;
  // Confidence: softmax over the labels that fit between the chosen neighbours.
  for (let i = 0; i < n; i++) {
    const prev = i ? labels[at + i - 1]! : first;
    const next = i + 1 < n ? labels[at + i + 1]! : tail ? 0 : -1;
    const y = labels[at + i]!;
    if (y === 0) {
      conf[at + i] = 1; // only entity tokens' confidences are used
      continue;
    }
    const e = e0 + i * L;
    const top = em[e + y]! + trans[prev * L + y]! + (next >= 0 ? trans[y * L + next]! : 0);
    let z = 0;
    for (let k = 0; k < L; k++) {
      if (!ALLOWED[prev * L + k]) continue;
      if (next >= 0 ? !ALLOWED[k * L + next] : !canEnd(k)) continue;
      const sk = em[e + k]! + trans[prev * L + k]! + (next >= 0 ? trans[k * L + next]! : 0);
      z += Math.exp(Math.max(-30, sk - top));
    }
    conf[at + i] = 1 / z;
  }
}
