import type { EntityType } from '@faultline/shared/schemas';

/** BIO labels: 0 = O, then B-/I- per type. */
export const TYPES: readonly EntityType[] = ['PER', 'ORG', 'LOC', 'MISC'];
export const LABELS: readonly string[] = ['O', ...TYPES.flatMap((t) => [`B-${t}`, `I-${t}`])];
export const NUM_LABELS = LABELS.length;

export const labelType = (l: number): EntityType | null => (l === 0 ? null : TYPES[(l - 1) >> 1]!);
export const isInside = (l: number): boolean => l > 0 && (l - 1) % 2 === 1;
export const beginOf = (t: number): number => 1 + t * 2;
export const insideOf = (t: number): number => 2 + t * 2;

/** Whether label `l` may follow `prev` in BIO (I-X only after B-X or I-X). */
export function allowed(prev: number, l: number): boolean {
  if (!isInside(l)) return true;
  return prev === l || prev === l - 1;
}

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

/** IOB1 -> BIO label ids. */
export function bioIds(tags: readonly string[]): number[] {
  const spans = spansFromTags(tags);
  const ids = new Array<number>(tags.length).fill(0);
  for (const s of spans) {
    const t = TYPES.indexOf(s.type);
    ids[s.start] = beginOf(t);
    for (let i = s.start + 1; i < s.end; i++) ids[i] = insideOf(t);
  }
  return ids;
}
