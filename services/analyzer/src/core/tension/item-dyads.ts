import type { Dyad, ItemEntity, Mention, Span } from '@faultline/shared/schemas';
import {
  actorOf,
  actorsIn,
  armedGroupsIn,
  countryIndex,
  forGroups,
  pairActors,
  pairReported,
  placedActors,
  reportAt,
  THIRD_PARTY,
} from './dyads.ts';
import { rolePairs } from './dyad-roles.ts';

// The item's dyads from its tense sentences: per sentence the actors in text order, paired by
// word order (dyads.ts), by a reported act, by the roles dyad-roles.ts reads, or with the victim
// first turned round; each pair scored by its sentence and its confidence, the best per
// direction kept.

export interface EntityResults {
  mentions: Mention[];
  entities: ItemEntity[];
}

/** What findDyads needs of a scored sentence. */
export interface DyadEvidence {
  span: Span;
  score: number;
  topics: Map<string, number>;
  triggerAt: number;
  triggerTopic: string;
}

/** "Armenian soldier killed in ...", "Pakistani civilians wounded by ...": the first actor is the victim. */
const VICTIM =
  /^\W*(?:\w+ ){0,3}(?:soldiers?|troops|civilians|sailors|policem[ae]n|police officers?|officers?|peacekeepers|fishermen|nationals|citizens|villagers|servicem[ae]n|guards?|crew|pilots?) (?:were |was |are |is )?(?:killed|wounded|injured|hurt|dead|detained|captured|abducted)\b|^\W*(?:\w+ ){0,6}(?:came|come|comes|coming) under (?:heavy |sustained )?(?:fire|attack|shelling)\b/i;
/** Verbal families (demand, accuse, reject, threaten): the speaker is the actor. */
const VERBAL_TOPICS = new Set(['demand', 'disapprove', 'reject', 'threaten', 'protest']);
/**
 * A pair found only in the body counts this much of a pair in the headline: the headline names
 * the item's main event, the body adds reporters, reactions and background.
 */
const BODY_DYAD = 0.9;
/** A pair with a court, UN body or agency (dyads.ts THIRD_PARTY) counts this much. */
const THIRD_PARTY_DYAD = 0.75;

export function findDyads(tense: DyadEvidence[], found: EntityResults): Dyad[] {
  const countryOf = countryIndex(found.entities);
  const salient = [...found.entities]
    .sort((a, b) => b.salience - a.salience)
    .map((e) => actorOf(e.id, countryOf))
    .filter((x): x is string => !!x);
  const byKey = new Map<string, Dyad>();
  const groups = armedGroupsIn(found.entities);
  const named = new Map<string, string>();
  for (const m of found.mentions) {
    const id = actorOf(m.entityId, countryOf);
    if (id) named.set(m.text.toLowerCase().replace(/['’]s$/, ''), id);
  }
  // A word the extractor left inside a compound ("Rwandan-backed"): a mention it starts or extends.
  const resolve = (word: string) => {
    const w = word.toLowerCase().replace(/['’]s$/, '');
    if (named.has(w)) return named.get(w)!;
    for (const [k, id] of named)
      if (k.length >= 4 && (w.startsWith(k) || k.startsWith(w)) && w.length >= 4) return id;
    return null;
  };
  for (const s of tense) {
    const actors = actorsIn(found.mentions, s.span.field, s.span.start, s.span.end, countryOf);
    // A reported act ("X said Y fired on Z"): Y is the source, unless the act is verbal (X's threat).
    const at = VERBAL_TOPICS.has(s.triggerTopic)
      ? -1
      : reportAt(s.span.text, s.span.start, actors, s.triggerAt);
    const reported = at >= 0 ? pairReported(actors, at, s.triggerAt) : null;
    let pairs =
      reported ??
      pairActors(actors, s.triggerAt, salient, placedActors(s.span.text, s.span.start, actors));
    // The victim is the first actor only when the victim phrase names it ("Armenian soldier
    // killed"), not when it comes after ("Five civilians killed as Pakistani Rangers shell ...").
    const victimAt = VICTIM.exec(s.span.text);
    const victim =
      victimAt && actors[0] && actors[0].start - s.span.start < victimAt.index + victimAt[0].length
        ? actors[0]
        : undefined;
    const roles = rolePairs({
      text: s.span.text,
      offset: s.span.start,
      actors,
      triggerAt: s.triggerAt,
      salient,
      canon: (id) => forGroups({ source: id, target: id }, groups).source,
      resolve,
    });
    if (roles) pairs = roles;
    else if (victim)
      pairs = pairs.map((p) =>
        p.source === victim.id ? { ...p, source: p.target, target: p.source } : p,
      );
    // ... and the actor named after the victim phrase did it ("... killed as Pakistani Rangers
    // shell border villages"): it is the source.
    else if (victimAt && actors[0])
      pairs = pairs.map((p) =>
        p.target === actors[0]!.id ? { ...p, source: p.target, target: p.source } : p,
      );
    for (const p0 of pairs) {
      const p = forGroups(p0, groups);
      if (p.source === p.target) continue;
      const key = `${p.source}>${p.target}`;
      const third = THIRD_PARTY.has(p.source) || THIRD_PARTY.has(p.target) ? THIRD_PARTY_DYAD : 1;
      const score = round(
        s.score * p.confidence * third * (s.span.field === 'title' ? 1 : BODY_DYAD),
      );
      const d = byKey.get(key) ?? { source: p.source, target: p.target, score: 0, topics: [] };
      d.score = Math.max(d.score, score);
      d.topics = [...new Set([...d.topics, ...s.topics.keys()])];
      byKey.set(key, d);
    }
  }
  return [...byKey.values()].sort((a, b) => b.score - a.score);
}

function round(x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
}
