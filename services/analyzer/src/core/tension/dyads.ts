import type { ItemEntity, Mention } from '@faultline/shared/schemas';

// Actors and dyads. Actor ids are countries (ISO3) and organisations (ORG:X): a government
// GOV:X acts for X, a person for their country, a place with a known country for that country.
// In an evidence sentence the first actor before the trigger (the subject) is the source and those after it
// the targets (subject-verb-object order), other actors between subject and trigger are targets
// with less confidence; when the order says nothing, co-occurrence pairs them.

export interface SentenceActor {
  id: string;
  start: number;
}

export function actorOf(entityId: string | null, countryOf: Map<string, string>): string | null {
  if (!entityId) return null;
  if (/^[A-Z]{3}$/.test(entityId)) return entityId;
  if (entityId.startsWith('GOV:')) return entityId.slice(4) || null;
  if (entityId.startsWith('ORG:')) return entityId;
  return countryOf.get(entityId) ?? null;
}

export function countryIndex(entities: ItemEntity[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const e of entities) if (e.id && e.country) map.set(e.id, e.country);
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
    if (id) out.push({ id, start: m.start });
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
  if (other) pairs.push({ source: only, target: other, confidence: 0.6 });
  return pairs;
}
