import type { ItemEntity, Mention } from '@faultline/shared/schemas';
import { CURATED_ORGS } from '../entities/curated/orgs.ts';

// Actors and dyads. Actor ids are countries (ISO3) and organisations (ORG:X): a government
// GOV:X acts for X, a person for their country, a place with a known country for that country.
// In an evidence sentence the first actor before the trigger (the subject) is the source and those after it
// the targets (subject-verb-object order), other actors between subject and trigger are targets
// with less confidence; when the order says nothing, co-occurrence pairs them.

export interface SentenceActor {
  id: string;
  start: number;
  /** End of the mention (character offset in the field), when known. */
  end?: number;
}

/**
 * Dependent territories whose state acts there: bombers from Guam, F-35s in Puerto Rico and a
 * tanker seized off Gibraltar are the United States' and Britain's. Disputed or self-governing
 * places (Greenland, Hong Kong, Taiwan) keep their own id.
 */
const SOVEREIGN_OF: Readonly<Record<string, string>> = {
  PRI: 'USA',
  GUM: 'USA',
  VIR: 'USA',
  ASM: 'USA',
  MNP: 'USA',
  UMI: 'USA',
  GIB: 'GBR',
  IOT: 'GBR',
  NCL: 'FRA',
  PYF: 'FRA',
  GUF: 'FRA',
  MYT: 'FRA',
  REU: 'FRA',
};

export function actorOf(entityId: string | null, countryOf: Map<string, string>): string | null {
  if (!entityId) return null;
  if (/^[A-Z]{3}$/.test(entityId)) return SOVEREIGN_OF[entityId] ?? entityId;
  if (entityId.startsWith('GOV:')) return entityId.slice(4) || null;
  if (entityId.startsWith('ORG:')) return entityId;
  const country = countryOf.get(entityId);
  return country ? (SOVEREIGN_OF[country] ?? country) : null;
}

/** Role code of an international organisation (IGOWSTNAT) -> its actor id (ORG:NATO). */
const ORG_OF_ROLE: ReadonlyMap<string, string> = new Map(
  CURATED_ORGS.filter((o) => o.code?.startsWith('IGO')).map((o) => [o.code!, o.id]),
);

/**
 * Entity id -> the actor it stands for: its country, or for a person holding an international
 * office on the item's date the organisation ("Rutte warns Moscow" is NATO, not the Netherlands).
 */
export function countryIndex(entities: ItemEntity[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const e of entities) {
    const org = e.type === 'PER' && e.role ? ORG_OF_ROLE.get(e.role) : undefined;
    if (e.id && (org ?? e.country)) map.set(e.id, org ?? e.country!);
  }
  return map;
}

/** Actors mentioned inside [start, end) of a field, in text order. */
export function actorsIn(
  mentions: Mention[],
  field: 'title' | 'text',
  start: number,
  end: number,
  countryOf: Map<string, string>,
): SentenceActor[] {
  const out: SentenceActor[] = [];
  for (const m of mentions) {
    if (m.field !== field || m.start < start || m.end > end) continue;
    const id = actorOf(m.entityId, countryOf);
    if (id) out.push({ id, start: m.start, end: m.end });
  }
  return out.sort((a, b) => a.start - b.start);
}

export interface DirectedPair {
  source: string;
  target: string;
  /** 1 when word order placed them, less for co-occurrence. */
  confidence: number;
}

export function pairActors(
  actors: SentenceActor[],
  triggerAt: number,
  fallback: string[],
  /** Actors named as a place ("at Kosovo border", "in Taiwan"), by start offset. */
  placed: ReadonlySet<number> = new Set(),
): DirectedPair[] {
  const ids = [...new Set(actors.map((a) => a.id))];
  const pairs: DirectedPair[] = [];
  const before = actors.filter((a) => a.start < triggerAt);
  const after = actors.filter((a) => a.start >= triggerAt);
  const source = before[0]?.id;
  if (source && after.length) {
    const targets = new Set(after.map((a) => a.id));
    for (const t of targets) if (t !== source) pairs.push({ source, target: t, confidence: 1 });
    // Other actors between the subject and the trigger ("wants talks with the US and NATO over
    // security guarantees") are the subject's counterparts too, placed less surely.
    if (pairs.length)
      for (const t of new Set(before.map((a) => a.id)))
        if (t !== source && !targets.has(t)) pairs.push({ source, target: t, confidence: 0.8 });
    if (pairs.length) return pairs;
  }
  if (ids.length >= 2) {
    // Co-occurrence: an actor named as a place is where the act happens, more often its target
    // ("Gunfire at Kosovo border as Serb barricades block crossings").
    const isPlace = (id: string) => actors.some((a) => a.id === id && placed.has(a.start));
    ids.sort((a, b) => Number(isPlace(a)) - Number(isPlace(b)));
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++)
        pairs.push({ source: ids[i]!, target: ids[j]!, confidence: 0.8 });
    return pairs;
  }
  // One actor: pair it with the item's most salient other actor.
  const only = ids[0];
  if (!only) {
    // None ("Troops mass on border as talks collapse"): the item's two most salient actors.
    const [a, b] = fallback;
    if (a && b && a !== b) pairs.push({ source: a, target: b, confidence: 0.5 });
    return pairs;
  }
  const other = fallback.find((f) => f !== only);
  // Named only after the trigger ("... accused Thailand of aggression"), it is the target.
  const onlyAfter = actors.every((a) => a.start >= triggerAt);
  if (other)
    pairs.push(
      onlyAfter
        ? { source: other, target: only, confidence: 0.6 }
        : { source: only, target: other, confidence: 0.6 },
    );
  return pairs;
}

const PLACE_BEFORE = /\b(?:at|in|near|off|on|inside|into|over|across|around|along)\s+(?:the\s+)?$/i;

/** Start offsets of the actors named as a place: right after a locative preposition. */
export function placedActors(text: string, offset: number, actors: SentenceActor[]): Set<number> {
  const out = new Set<number>();
  for (const a of actors)
    if (PLACE_BEFORE.test(text.slice(Math.max(0, a.start - offset - 12), a.start - offset)))
      out.add(a.start);
  return out;
}

/** Verbs and phrases that report what someone else did ("X said Y fired on Z"). */
const REPORTING =
  /\b(?:said|says|say|told|tells|reported|reports|claimed|claims|announced|according to)\b/g;

/**
 * Character offset (in the field) of the last reporting verb between the first actor and the
 * trigger of a sentence, or -1. `text` is the sentence, starting at `offset` in its field.
 */
export function reportAt(
  text: string,
  offset: number,
  actors: SentenceActor[],
  triggerAt: number,
): number {
  const first = actors[0]?.start;
  if (first === undefined) return -1;
  let at = -1;
  for (const m of text.matchAll(REPORTING)) {
    const pos = offset + m.index;
    if (pos >= triggerAt) break;
    if (pos > first) at = pos;
  }
  return at;
}

/**
 * Pairs for a reported act ("Armenia's ministry said Azerbaijani forces fired on its posts"): the
 * actor after the reporting verb is the source, its targets those after the trigger, else the
 * reporter. Null when no actor sits between the reporting verb and the trigger.
 */
export function pairReported(
  actors: SentenceActor[],
  at: number,
  triggerAt: number,
): DirectedPair[] | null {
  const source = actors.find((a) => a.start > at && a.start < triggerAt)?.id;
  if (!source) return null;
  const after = actors.filter((a) => a.start >= triggerAt && a.id !== source).map((a) => a.id);
  const reporters = actors.filter((a) => a.start < at && a.id !== source).map((a) => a.id);
  const targets = after.length ? after : reporters;
  if (!targets.length) return null;
  return [...new Set(targets)].map((target) => ({ source, target, confidence: 0.9 }));
}

/**
 * Armed movements that act from a state they do not govern: when the item names one, its home
 * country in a dyad stands for it ("Israeli jets struck southern Lebanon" in a report on
 * Hezbollah is Israel against Hezbollah; "missiles launched from Yemen" are the Houthis'). The
 * Taliban govern Afghanistan, so Afghanistan stays Afghanistan.
 */
const ARMED_GROUP_HOME: Readonly<Record<string, string>> = {
  'ORG:HEZBOLLAH': 'LBN',
  'ORG:HOUTHIS': 'YEM',
  'ORG:HAMAS': 'PSE',
};

/** Home country -> the armed group the item names there. */
export function armedGroupsIn(entities: ItemEntity[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of entities) {
    const home = e.id ? ARMED_GROUP_HOME[e.id] : undefined;
    if (home) out.set(home, e.id!);
  }
  return out;
}

/**
 * Organisations that act for a state in a dyad: the Taliban are Afghanistan's rulers, the
 * Pentagon, the State Department, the CIA and the FSB are organs of their governments.
 */
const GOVERNING_GROUP: Readonly<Record<string, string>> = {
  'ORG:TALIBAN': 'AFG',
  'ORG:PENTAGON': 'USA',
  'ORG:STATE-DEPARTMENT': 'USA',
  'ORG:CIA': 'USA',
  'ORG:FSB': 'RUS',
};

/**
 * Courts, UN bodies and agencies that rule, monitor or help: a pair with one of them is rarely
 * the item's main dyad when two states are in it ("Venezuela rejects the court's ruling on
 * Essequibo" is Venezuela against Guyana), so it is placed less surely.
 */
export const THIRD_PARTY: ReadonlySet<string> = new Set(
  ['UN', 'ICJ', 'ICC', 'IAEA', 'ICRC', 'UNHCR', 'WHO', 'IMF', 'WB', 'WTO', 'OSCE'].map(
    (x) => `ORG:${x}`,
  ),
);

export function forGroups<T extends { source: string; target: string }>(
  p: T,
  groups: Map<string, string>,
): T {
  const side = (id: string) => GOVERNING_GROUP[id] ?? groups.get(id) ?? id;
  const [source, target] = [side(p.source), side(p.target)];
  return source === p.source && target === p.target ? p : { ...p, source, target };
}
