import type { Token } from './tokenize.ts';

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
const DENIAL_OBJECT = new Set([
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

function cueOf(tokens: Token[], i: number): Modality | null {
  const w = tokens[i]!.w;
  if (NEGATION.has(w) || w.endsWith("n't")) return 'negated';
  if (DENIAL.has(w)) {
    // "ruled out", "dismissed claims that ..." are denials; "rules" alone is not.
    if (w.startsWith('rule')) return tokens[i + 1]?.w === 'out' ? 'denied' : null;
    if (w.startsWith('dismiss') || w.startsWith('rebuff'))
      return DENIAL_OBJECT.has(tokens[i + 1]?.w ?? '') ? 'denied' : null;
    return 'denied';
  }
  if ((w === 'rejected' || w === 'rejects') && DENIAL_OBJECT.has(tokens[i + 1]?.w ?? ''))
    return 'denied';
  if (ACCUSATION.has(w)) return 'accused';
  if (HEDGE.has(w)) return 'hedged';
  return null;
}

/** The modality of the trigger at token index `at`. */
export function modalityAt(tokens: Token[], at: number): Modality {
  for (let i = at - 1, n = 0; i >= 0 && n < SCOPE; i--, n++) {
    const cue = cueOf(tokens, i);
    if (cue) return cue;
    if (tokens[i]!.breakBefore) break;
  }
  return 'asserted';
}

/** Marks, for each token, whether it sits in a negated or denied scope (for features). */
export function negatedScopes(tokens: Token[]): boolean[] {
  const out = new Array<boolean>(tokens.length).fill(false);
  let left = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.breakBefore) left = 0;
    if (left > 0) {
      out[i] = true;
      left--;
    }
    const cue = cueOf(tokens, i);
    if (cue === 'negated' || cue === 'denied') left = 4;
  }
  return out;
}
