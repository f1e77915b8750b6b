import { gunzipSync, gzipSync } from 'node:zlib';
import { NUM_LABELS } from './labels.ts';
import {
  HASH_BITS,
  MASK,
  TRANS_SIZE,
  packRows,
  type StageWeights,
  type TaggerModel,
} from './model.ts';

// The tagger's model file: pruned buckets as delta-coded varints, a float32 scale per row and
// int8 weights, gzipped (services/analyzer/src/core/entities/model/ner.bin.gz).

const L = NUM_LABELS;

function writeVarint(out: number[], d: number): void {
  while (d >= 128) {
    out.push((d & 127) | 128);
    d >>>= 7;
  }
  out.push(d);
}

/** Buckets with any |weight| >= prune, as delta-coded varints, a float32 scale and int8 weights. */
function serializeStage(sw: StageWeights, prune: number): Buffer {
  const idx: number[] = [];
  const scales: number[] = [];
  const vals: number[] = [];
  let last = -1;
  for (let b = 0; b <= MASK; b++) {
    const r = sw.rowOf ? sw.rowOf[b]! : b;
    if (r < 0) continue;
    const o = r * L;
    const wy = (y: number): number => (sw.w ? sw.w[o + y]! : sw.scale![r]! * sw.q![o + y]!);
    let bmax = 0;
    for (let y = 0; y < L; y++) bmax = Math.max(bmax, Math.abs(wy(y)));
    if (bmax < prune) continue;
    writeVarint(idx, b - last);
    last = b;
    const scale = bmax / 127;
    scales.push(scale);
    for (let y = 0; y < L; y++) vals.push(Math.round(wy(y) / scale));
  }
  const head = Buffer.alloc(8);
  head.writeUInt32LE(scales.length, 0);
  head.writeUInt32LE(idx.length, 4);
  return Buffer.concat([
    head,
    Buffer.from(Float32Array.from(sw.trans).buffer),
    Buffer.from(idx),
    Buffer.from(Float32Array.from(scales).buffer),
    Buffer.from(Int8Array.from(vals).buffer),
  ]);
}

export function serializeModel(model: TaggerModel, prune: number): Buffer {
  const head = Buffer.alloc(16);
  head.writeUInt32LE(0x4e455233, 0); // "NER3"
  head.writeUInt32LE(HASH_BITS, 4);
  head.writeUInt32LE(L, 8);
  head.writeUInt32LE(model.stage2 ? 2 : 1, 12);
  const parts = [head, serializeStage(model.stage1, prune)];
  if (model.stage2) parts.push(serializeStage(model.stage2, prune));
  return gzipSync(Buffer.concat(parts), { level: 9 });
}

function readStage(buf: Buffer, at: number): { sw: StageWeights; end: number } {
  const count = buf.readUInt32LE(at);
  const idxLen = buf.readUInt32LE(at + 4);
  let p = at + 8;
  const trans = new Float32Array(TRANS_SIZE);
  for (let k = 0; k < TRANS_SIZE; k++, p += 4) trans[k] = buf.readFloatLE(p);
  const idxEnd = p + idxLen;
  let s = idxEnd;
  let v = idxEnd + count * 4;
  const rowOf = new Int32Array(MASK + 1).fill(-1);
  const q = new Int8Array(count * L);
  const scales = new Float32Array(count);
  let b = -1;
  for (let n = 0; n < count; n++) {
    let d = 0;
    let shift = 0;
    for (;;) {
      const byte = buf[p++]!;
      d |= (byte & 127) << shift;
      if (byte < 128) break;
      shift += 7;
    }
    b += d;
    rowOf[b] = n;
    scales[n] = buf.readFloatLE(s);
    s += 4;
    for (let y = 0; y < L; y++) {
      const x = buf[v++]!;
      q[n * L + y] = x > 127 ? x - 256 : x;
    }
  }
  return {
    sw: { rowOf, w: null, q, scale: scales, packed: packRows(q, scales, rowOf), trans },
    end: v,
  };
}

export function deserializeModel(gz: Uint8Array): TaggerModel {
  const buf = gunzipSync(gz);
  if (
    buf.readUInt32LE(0) !== 0x4e455233 ||
    buf.readUInt32LE(4) !== HASH_BITS ||
    buf.readUInt32LE(8) !== L
  )
    throw new Error('ner model: bad header (retrain with scripts/train-ner.ts)');
  const stages = buf.readUInt32LE(12);
  const one = readStage(buf, 16);
  const two = stages > 1 ? readStage(buf, one.end).sw : null;
  return { stage1: one.sw, stage2: two };
}
