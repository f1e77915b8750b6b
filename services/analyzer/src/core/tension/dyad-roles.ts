import type { DirectedPair, SentenceActor } from './dyads.ts';

// Roles that word order alone gets wrong, in English evidence sentences (the dyad's source acts
// on its target):
// - a backer: "Rwanda-backed M23 seizes Goma", "Iran-backed militia attacks US base": the state
//   named before "-backed" is the source, whoever the group acts on the target;
// - the one who will pay: "Hamas says Israel will pay a heavy price", "Russia would face
//   consequences": the actor just before the threatened cost is the target, the speaker (the
//   actor before it, else an actor the item names elsewhere) the source;
// - a passive act: "Ukrainian city hit by Russian missiles": the agent after "by" is the source;
// - a reaction: "South Korea scrambles jets as Chinese bombers enter its air defence zone",
//   "Iraq and Jordan close airspace as Iran launches drones at Israel": the act after "as",
//   "after", "over" ... is the event, the one reacting before it is its target (or the event's
//   own target when the clause names one).

const BACKED = /^[- ](?:backed|sponsored|funded|armed|supported|linked)\b/i;
/** "Rwanda-backed", "Russia-linked": one word the entity extractor does not split. */
const BACKED_WORD = /\b([A-Z][\w'’]+)-(?:backed|sponsored|funded|armed|supported|linked)\b/g;
const PAYS = /^(?:pay|pays|paid|paying|face|faces|faced|facing|bear|bears|suffer|suffers)\b/i;
const REACTION =
  /\b(?:scrambl\w*|shot down|shoots? down|intercept\w*|activat\w* (?:its |their )?(?:air defen[cs]es?|missile systems?)|put\w* (?:\w+ ){0,3}on (?:high |full )?alert|sound\w* air raid sirens?)\b/i;
const CLOSURE = /\b(?:clos\w*|shut\w*) (?:its |their )?(?:airspace|skies|airports?)\b/i;
const CONNECTOR = /\s(?:as|after|over|amid|following|when|while)\s/gi;
/** Actors only listed together ("Chinese and Russian bombers"): one side of the event. */
const LISTED = /^(?:\s*(?:,|and|&)\s*)+$/;

export interface RoleContext {
  /** The sentence text and its offset in the field. */
  text: string;
  offset: number;
  actors: SentenceActor[];
  triggerAt: number;
  /** The item's actors by salience (already mapped to the armed groups they stand for). */
  salient: string[];
  /** The actor an id stands for in a dyad (armed groups for their home country). */
  canon: (id: string) => string;
  /** The actor a word names, from the item's other mentions ("Rwandan" -> RWA), or null. */
  resolve: (word: string) => string | null;
}

export function rolePairs(c: RoleContext): DirectedPair[] | null {
  return backerPairs(c) ?? payerPairs(c) ?? passivePairs(c) ?? reactionPairs(c);
}

/** A passive act with its agent ("Ukrainian city hit by Russian missiles"). */
const PASSIVE =
  /\b(?:hit|struck|attacked|targeted|killed|wounded|shelled|bombed|bombarded|downed|shot down|seized|detained|captured|intercepted|invaded|sanctioned|threatened|accused|condemned|critici[sz]ed|blamed|expelled|rammed|harassed|raided|pounded|stormed|ambushed|abducted|kidnapped|fired on|fired upon|hacked|occupied|blockaded) by\b/i;

/** The agent after "by" is the source, the last actor before the act its target. */
function passivePairs({ text, offset, actors }: RoleContext) {
  const m = PASSIVE.exec(text);
  if (!m) return null;
  const cut = offset + m.index;
  const agent = actors.find((a) => a.start >= cut + m[0].length);
  const patient = actors.filter((a) => a.start < cut && a.id !== agent?.id).pop();
  if (!agent || !patient) return null;
  return [{ source: agent.id, target: patient.id, confidence: 0.9 }];
}

function backerPairs(c: RoleContext) {
  const { text, offset, actors, triggerAt, salient, canon } = c;
  const backer =
    actors.find((a) => a.end !== undefined && BACKED.test(text.slice(a.end - offset))) ??
    backerWord(c);
  if (!backer) return null;
  // A backed group in the object ("Israel vowed blows against the Iran-backed group"): the
  // subject acts on it, word order pairs them.
  if (backer.start >= triggerAt && actors.some((a) => a.start < triggerAt)) return null;
  const src = canon(backer.id);
  const others = actors.filter((a) => canon(a.id) !== src);
  const after = others.filter((a) => a.start >= triggerAt);
  const target =
    (after[0] ?? others[0])?.id ?? salient.find((id) => id !== src && canon(id) !== src);
  return target ? [{ source: backer.id, target, confidence: 1 }] : null;
}

function backerWord({ text, offset, resolve }: RoleContext): SentenceActor | undefined {
  for (const m of text.matchAll(BACKED_WORD)) {
    const id = resolve(m[1]!);
    if (id) return { id, start: offset + m.index, end: offset + m.index + m[0].length };
  }
  return undefined;
}

function payerPairs({ text, offset, actors, triggerAt, salient, canon }: RoleContext) {
  if (!PAYS.test(text.slice(triggerAt - offset))) return null;
  const before = actors.filter((a) => a.start < triggerAt);
  const payer = before[before.length - 1];
  if (!payer) return null;
  const tgt = canon(payer.id);
  const inSentence = new Set(actors.map((a) => canon(a.id)));
  const source =
    before.find((a) => canon(a.id) !== tgt)?.id ??
    salient.find((id) => !inSentence.has(canon(id))) ??
    actors.find((a) => a.start >= triggerAt && canon(a.id) !== tgt)?.id;
  return source ? [{ source, target: payer.id, confidence: 0.9 }] : null;
}

function reactionPairs({ text, offset, actors }: RoleContext) {
  const reaction = REACTION.exec(text);
  const closure = CLOSURE.exec(text);
  const at = Math.min(reaction?.index ?? Infinity, closure?.index ?? Infinity);
  if (!Number.isFinite(at)) return null;
  for (const m of text.matchAll(CONNECTOR)) {
    if (m.index < at) continue;
    const cut = offset + m.index;
    const reacting = actors.filter((a) => a.start < cut);
    const target = reacting[reacting.length - 1];
    const after = actors.filter((a) => a.start > cut);
    const actor = after[0];
    if (!target || !actor) return null;
    const own = after.find(
      (b) =>
        b.id !== actor.id &&
        !LISTED.test(text.slice((actor.end ?? actor.start) - offset, b.start - offset)),
    );
    if (own) return [{ source: actor.id, target: own.id, confidence: 0.9 }];
    // A closure is the closing state's own act unless the clause names the event's target.
    if (!reaction || reaction.index > m.index || actor.id === target.id) return null;
    return [{ source: actor.id, target: target.id, confidence: 0.9 }];
  }
  return null;
}
