import type { TokenBuffer } from './tokenize.ts';
import type { CompiledLexicon } from './vocab.ts';
import { CueKind } from './cue-words.ts';

// Whether a trigger word is asserted, negated, denied, hedged or reported as an accusation.
// The nearest cue before the trigger inside its clause (at most SCOPE tokens back) decides:
// "denies planning an invasion" -> denied; "no plans to deploy" -> negated; "accused Russia of
// planning an invasion" -> accused (still tension); "may be forced to deploy" -> hedged.

export type Modality = 'asserted' | 'negated' | 'denied' | 'hedged' | 'accused';

const SCOPE = 7;

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
    case CueKind.NegatedIfTo: {
      // "an end to hostilities", "a cessation of strikes" (not "by the end of the day").
      const word = lex.words[buf.ids[i]!]!.word;
      const next = i + 1 < buf.n ? lex.words[buf.ids[i + 1]!]!.word : '';
      return next === 'to' || (next === 'of' && word === 'cessation') ? 'negated' : null;
    }
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
