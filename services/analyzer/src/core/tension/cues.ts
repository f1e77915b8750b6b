import type { TokenBuffer } from './tokenize.ts';
import type { CompiledLexicon } from './vocab.ts';

// Whether a trigger word is asserted, negated, denied, hedged or reported as an accusation.
// The nearest cue before the trigger inside its clause (at most SCOPE tokens back) decides:
// "denies planning an invasion" -> denied; "no plans to deploy" -> negated; "accused Russia of
// planning an invasion" -> accused (still tension); "may be forced to deploy" -> hedged.

export type Modality = 'asserted' | 'negated' | 'denied' | 'hedged' | 'accused';

const SCOPE = 7;

const NEGATION = new Set(['not', 'no', 'never', 'without', 'nor', 'neither', 'none', 'cannot']);
const DENIAL = new Set([
  'deny',
  'denies',
  'denied',
  'denying',
  'denial',
  'dismiss',
  'dismissed',
  'dismisses',
  'refute',
  'refuted',
  'refutes',
  'rebuffed',
  'rule',
  'ruled',
  'rules',
  'disavowed',
]);
export const DENIAL_OBJECT = new Set([
  'claims',
  'accusations',
  'allegations',
  'reports',
  'suggestions',
  'speculation',
  'rumours',
  'rumors',
]);
const HEDGE = new Set([
  'may',
  'might',
  'could',
  'possible',
  'possibly',
  'potential',
  'reportedly',
  'considering',
  'mulls',
  'mulling',
  'weighs',
  'weighing',
  'if',
  'unless',
  'whether',
]);
const ACCUSATION = new Set([
  'accuse',
  'accused',
  'accuses',
  'accusing',
  'accusation',
  'accusations',
  'allege',
  'alleged',
  'alleges',
  'alleging',
  'blamed',
  'blames',
  'blaming',
  'warned',
  'warns',
  'warning',
  'warnings',
  'fear',
  'fears',
  'feared',
  'suspected',
  'suspects',
  'condemned',
  'condemns',
]);

/** What a word can cue, before looking at the next word. */
export const CueKind = {
  None: 0,
  Negated: 1,
  Denied: 2,
  /** "rule(s|d)": a denial only as "ruled out". */
  DeniedIfOut: 3,
  /** "dismissed", "rebuffed", "rejected": a denial only before "claims", "reports" ... */
  DeniedIfObject: 4,
  Accused: 5,
  Hedged: 6,
} as const;
export type CueKind = (typeof CueKind)[keyof typeof CueKind];

export function cueKindOf(w: string): CueKind {
  if (NEGATION.has(w) || w.endsWith("n't")) return CueKind.Negated;
  if (DENIAL.has(w)) {
    if (w.startsWith('rule')) return CueKind.DeniedIfOut;
    if (w.startsWith('dismiss') || w.startsWith('rebuff')) return CueKind.DeniedIfObject;
    return CueKind.Denied;
  }
  if (w === 'rejected' || w === 'rejects') return CueKind.DeniedIfObject;
  if (ACCUSATION.has(w)) return CueKind.Accused;
  if (HEDGE.has(w)) return CueKind.Hedged;
  return CueKind.None;
}

function cueOf(buf: TokenBuffer, lex: CompiledLexicon, i: number): Modality | null {
  const kind = lex.words[buf.ids[i]!]!.cue;
  switch (kind) {
    case CueKind.None:
      return null;
    case CueKind.Negated:
      return 'negated';
    case CueKind.Denied:
      return 'denied';
    case CueKind.DeniedIfOut:
      return i + 1 < buf.n && lex.words[buf.ids[i + 1]!]!.word === 'out' ? 'denied' : null;
    case CueKind.DeniedIfObject:
      return i + 1 < buf.n && lex.words[buf.ids[i + 1]!]!.denialObject ? 'denied' : null;
    case CueKind.Accused:
      return 'accused';
    default:
      return 'hedged';
  }
}

/** The modality of the trigger at token index `at`. */
export function modalityAt(buf: TokenBuffer, lex: CompiledLexicon, at: number): Modality {
  for (let i = at - 1, n = 0; i >= 0 && n < SCOPE; i--, n++) {
    const cue = cueOf(buf, lex, i);
    if (cue) return cue;
    if (buf.brk[i]) break;
  }
  return 'asserted';
}

/** Marks, in `buf.neg`, the tokens sitting in a negated or denied scope (for features). */
export function markNegatedScopes(buf: TokenBuffer, lex: CompiledLexicon): void {
  let left = 0;
  for (let i = 0; i < buf.n; i++) {
    if (buf.brk[i]) left = 0;
    buf.neg[i] = 0;
    if (left > 0) {
      buf.neg[i] = 1;
      left--;
    }
    const cue = cueOf(buf, lex, i);
    if (cue === 'negated' || cue === 'denied') left = 4;
  }
}
