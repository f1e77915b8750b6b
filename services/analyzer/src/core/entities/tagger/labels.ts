import type { EntityType } from '@faultline/shared/schemas';

/**
 * BILOU labels: 0 = O, then per type B (begin), I (inside), L (last), U (unit, one token).
 * Ratinov & Roth (2009) show BILOU beats BIO for CoNLL NER with linear models.
 */
export const TYPES: readonly EntityType[] = ['PER', 'ORG', 'LOC', 'MISC'];
const PARTS = ['B', 'I', 'L', 'U'] as const;
export const LABELS: readonly string[] = [
  'O',
  ...TYPES.flatMap((t) => PARTS.map((p) => `${p}-${t}`)),
];
export const NUM_LABELS = LABELS.length;
/** Virtual "previous label" at a sentence start (row NUM_LABELS of the transition table). */
export const START = NUM_LABELS;

export const labelType = (l: number): EntityType | null => (l === 0 ? null : TYPES[(l - 1) >> 2]!);
/** 0 = B, 1 = I, 2 = L, 3 = U (meaningless for O). */
export const partOf = (l: number): number => (l - 1) & 3;
export const labelOf = (t: number, part: number): number => 1 + t * 4 + part;

/** Whether label `l` may follow `prev` (START allowed) in BILOU. */
export function allowed(prev: number, l: number): boolean {
  const open = prev !== START && prev !== 0 && partOf(prev) < 2; // after B or I
  if (open) return l !== 0 && labelType(l) === labelType(prev) && partOf(l) >= 1 && partOf(l) <= 2;
  return l === 0 || partOf(l) === 0 || partOf(l) === 3;
}

/** allowed() as a dense table [(prev) * NUM_LABELS + l], prev in 0..START. */
export const ALLOWED: Uint8Array = (() => {
  const t = new Uint8Array((NUM_LABELS + 1) * NUM_LABELS);
  for (let p = 0; p <= NUM_LABELS; p++)
    for (let l = 0; l < NUM_LABELS; l++) t[p * NUM_LABELS + l] = allowed(p, l) ? 1 : 0;
  return t;
})();

/** Whether `l` may end a sentence (not B or I). */
export const canEnd = (l: number): boolean => l === 0 || partOf(l) >= 2;

export interface TokenSpan {
  start: number;
  end: number;
  type: EntityType;
}

/** Decodes BIO (or IOB1) label strings into token spans (end exclusive). */
export function spansFromTags(tags: readonly string[]): TokenSpan[] {
  const out: TokenSpan[] = [];
  let cur: TokenSpan | null = null;
  tags.forEach((tag, i) => {
    if (tag === 'O' || !tag) {
      cur = null;
      return;
    }
    const type = tag.slice(2) as EntityType;
    const begins = tag.startsWith('B-') || !cur || cur.type !== type;
    if (begins) {
      cur = { start: i, end: i + 1, type };
      out.push(cur);
    } else if (cur) cur.end = i + 1;
  });
  return out;
}

/** Token spans -> BILOU label ids over `n` tokens. */
export function bilouIds(spans: readonly TokenSpan[], n: number): Uint8Array {
  const ids = new Uint8Array(n);
  for (const s of spans) {
    const t = TYPES.indexOf(s.type);
    if (s.end - s.start === 1) {
      ids[s.start] = labelOf(t, 3);
      continue;
    }
    ids[s.start] = labelOf(t, 0);
    for (let i = s.start + 1; i < s.end - 1; i++) ids[i] = labelOf(t, 1);
    ids[s.end - 1] = labelOf(t, 2);
  }
  return ids;
}

/** BILOU label ids -> token spans (lenient: an unclosed B/I run still ends a span). */
export function spansFromIds(ids: ArrayLike<number>, n: number): TokenSpan[] {
  const out: TokenSpan[] = [];
  let cur: TokenSpan | null = null;
  for (let i = 0; i < n; i++) {
    const l = ids[i]!;
    const t = labelType(l);
    if (!t) {
      cur = null;
      continue;
    }
    const p = partOf(l);
    if (cur && cur.type === t && (p === 1 || p === 2)) cur.end = i + 1;
    else {
      cur = { start: i, end: i + 1, type: t };
      out.push(cur);
    }
    if (p >= 2) cur = null;
  }
  return out;
}
