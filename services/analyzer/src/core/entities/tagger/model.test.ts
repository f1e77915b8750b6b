import { describe, expect, it } from 'vitest';
import { TRANS_SIZE } from './model.ts';
import { viterbi } from './viterbi.ts';
import { NUM_LABELS as L, START } from './labels.ts';

function random(seed: number): () => number {
  let s = seed;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

describe('viterbi over a window of a sentence', () => {
  it('gives the full-sentence labels when the tokens around the window are O', () => {
    const rand = random(11);
    for (let trial = 0; trial < 200; trial++) {
      const n = 12;
      const [a, b] = trial % 3 === 0 ? [0, 5] : trial % 3 === 1 ? [4, 12] : [3, 9];
      const em = new Float32Array(n * L);
      for (let k = 0; k < em.length; k++) em[k] = rand() * 4 - 2;
      // Outside the window, O clearly wins (as for the lower-case stretches the tagger skips).
      for (let i = 0; i < n; i++) if (i < a || i >= b) em[i * L] = 50;
      const trans = new Float32Array(TRANS_SIZE);
      for (let k = 0; k < trans.length; k++) trans[k] = rand() * 2 - 1;
      const full = new Uint8Array(n);
      const fullConf = new Float32Array(n);
      viterbi(em, trans, n, full, fullConf);
      const win = new Uint8Array(n);
      const winConf = new Float32Array(n);
      viterbi(em, trans, b - a, win, winConf, a === 0 ? START : 0, b < n, a, a);
      expect([...win.subarray(a, b)]).toEqual([...full.subarray(a, b)]);
      for (let i = a; i < b; i++) expect(winConf[i]).toBeCloseTo(fullConf[i]!, 5);
    }
  });
});
