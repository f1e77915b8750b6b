import type { EntityType } from '@faultline/shared/schemas';
import type { KbEntity } from './kb-types.ts';
import type { KbIndex } from './knowledge-base.ts';
import { linkMention, type Link, type LinkContext } from './link.ts';
import { aliasKey } from './normalize.ts';

// Names the KB does not hold that still name a state or a movement, read from their parts:
// - a hyphenated compound of actors ("India-Pakistan ceasefire", "US-China talks",
//   "Israel-Iran war") or of an actor and a participle ("US-led", "Houthi-held",
//   "Moscow-backed"): each actor part is a mention of its own;
// - an organ of a state named by its demonym ("Chinese Coast Guard", "Pakistani Rangers",
//   "Indian Army"): the whole name acts for the country, as "Chinese troops" does.

/** The words after the demonym that make an organisation's name an organ of that state. */
const STATE_ORGAN =
  /\b(?:army|navy|air ?force|coast ?guard|guards?|rangers|forces|military|ministry|government|embassy|police|marines|border|defen[cs]e|foreign|intelligence|parliament|cabinet|authorities|command|security|interior|armed|troops|militia|junta|consulate|mission)\b/i;

export interface CompoundPart {
  /** Offsets of the part inside the mention's text. */
  start: number;
  end: number;
  type: EntityType;
  link: Link;
}

/** A political actor: a country or its government, a curated organisation or a capital. */
function isActor(e: KbEntity | null): e is KbEntity {
  return !!e && (/^(?:[A-Z]{3}|GOV:[A-Z]{3}|ORG:[A-Z0-9-]+)$/.test(e.id) || !!e.capitalOf);
}

/**
 * The actor parts of an unlinked name (see above), or null when it has none. `text` is the
 * name as written, `type` the tagger's type.
 */
export function compoundParts(
  text: string,
  type: EntityType,
  ctx: LinkContext,
  kb: KbIndex,
): CompoundPart[] | null {
  if (text.includes('-')) return hyphenParts(text, ctx, kb);
  if (type === 'PER') return null;
  const space = text.indexOf(' ');
  if (type !== 'ORG' || space < 0 || !STATE_ORGAN.test(text.slice(space))) return null;
  const first = text.slice(0, space);
  if (!kb.demonyms.has(aliasKey(first))) return null;
  const next = text
    .slice(space + 1)
    .toLowerCase()
    .split(' ')
    .concat(ctx.next);
  const link = linkMention(first, 'MISC', { ...ctx, next }, kb);
  return isActor(link.entity) ? [{ start: 0, end: text.length, type, link }] : null;
}

function hyphenParts(text: string, ctx: LinkContext, kb: KbIndex): CompoundPart[] | null {
  const parts: CompoundPart[] = [];
  let at = 0;
  for (const word of text.split('-')) {
    const start = at;
    at += word.length + 1;
    if (!word) continue;
    // A participle or a noun ("led", "backed", "era"): not a name, nothing to link.
    if (/^[a-z]/.test(word)) continue;
    const link = linkMention(word, 'MISC', ctx, kb);
    if (!isActor(link.entity)) return null;
    parts.push({ start, end: start + word.length, type: link.entity.type, link });
  }
  return parts.length ? parts : null;
}

const NO_CONTEXT: LinkContext = { next: [], prev: '', date: '', seenPeople: new Map() };

/** A hyphenated word the tagger left out that names an actor ("Russian-backed", "Houthi-held"). */
export function isActorCompound(word: string, kb: KbIndex): boolean {
  return /^\p{Lu}[^-]*-./u.test(word) && hyphenParts(word, NO_CONTEXT, kb) !== null;
}
