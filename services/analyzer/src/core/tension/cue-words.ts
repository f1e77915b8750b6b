// The cue words of modality (negation, denial, hedges, accusations) and what each can cue, looked
// up once per word when the lexicon is compiled (a leaf: vocab.ts and cues.ts both read it).

const NEGATION = new Set(['not', 'no', 'never', 'without', 'nor', 'neither', 'none', 'cannot']);
/** Giving an act up: "pledged to renounce the use of force", "refrain from attacks". */
const RENUNCIATION = new Set([
  'renounce',
  'renounced',
  'renounces',
  'renouncing',
  'refrain',
  'refrained',
  'refraining',
  'refrains',
  'forswear',
  'forswore',
]);
/** Stopping an act, before "to" ("an end to hostilities", "a halt to strikes"; cessation of). */
const STOPPING = new Set(['end', 'halt', 'cessation']);
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
  /** "end", "halt", "cessation": a negation only before "to" ("an end to hostilities"). */
  NegatedIfTo: 7,
  Accused: 5,
  Hedged: 6,
} as const;
export type CueKind = (typeof CueKind)[keyof typeof CueKind];

export function cueKindOf(w: string): CueKind {
  if (NEGATION.has(w) || RENUNCIATION.has(w) || w.endsWith("n't")) return CueKind.Negated;
  if (STOPPING.has(w)) return CueKind.NegatedIfTo;
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
