import type { EntityType } from '@faultline/shared/schemas';
import type { KbEntity } from './kb-types.ts';
import { type KbIndex, roleOn } from './knowledge-base.ts';
import { TITLE_WORDS } from './gazetteer.ts';
import { aliasKey } from './normalize.ts';

/** Verbs after a capital that make it the government speaking or acting ("Moscow said"). */
const POLITICAL_VERBS = new Set(
  (
    'said says say wants want wanted accused accuses warned warns demanded demands rejected rejects denied denies announced ' +
    'urged urges insisted insists threatened threatens sees believes plans planned responded responds vowed vows condemned ' +
    'condemns called calls has had is was will would must should may might could agreed agrees refused refuses expelled ' +
    'imposed sanctioned recognised recognized claimed claims hopes hoped'
  ).split(' '),
);

export interface LinkContext {
  /** Lower-cased words right after the mention. */
  next: readonly string[];
  /** Lower-cased word right before the mention. */
  prev: string;
  /** YYYY-MM-DD of the article. */
  date: string;
  /** Surname/alias key -> person already linked in this item (partial names). */
  seenPeople: Map<string, KbEntity>;
}

export interface Link {
  entity: KbEntity | null;
  role: string | undefined;
  confidence: number;
}

const TYPE_OK: Record<EntityType, ReadonlySet<EntityType>> = {
  PER: new Set(['PER']),
  ORG: new Set(['ORG', 'LOC']),
  LOC: new Set(['LOC', 'ORG']),
  MISC: new Set(['MISC', 'ORG', 'LOC']),
};

/** Strips a leading article, "pro-"/"anti-", titles and a possessive from a mention's key. */
export function mentionKey(surface: string): string {
  let k = aliasKey(surface).replace(/\s*'s$/, '');
  k = k.replace(/^(pro|anti|ex|non)-/, '');
  const words = k.split(' ');
  while (words.length > 1 && TITLE_WORDS.has(words[0]!)) words.shift();
  return words.join(' ');
}

function pick(
  cands: readonly KbEntity[],
  type: EntityType,
  date: string,
  kb: KbIndex,
): KbEntity | null {
  let best: KbEntity | null = null;
  let bestScore = -Infinity;
  for (const e of cands) {
    let s = 0;
    if (e.type === type) s += 4;
    else if (TYPE_OK[type].has(e.type)) s += 1;
    else s -= 3;
    if (kb.curated.has(e.id)) s += 3;
    if (/^[A-Z]{3}$/.test(e.id)) s += 2; // a country beats a same-named place or party
    const role = roleOn(e.roles, date);
    if (
      role &&
      e.roles?.some((r) => r[1] !== null || r[2] !== null) &&
      role === e.roles.find((r) => r[0] === role)?.[0]
    )
      s += 1;
    s += Math.min(e.aliases.length, 10) / 20;
    if (s > bestScore) {
      bestScore = s;
      best = e;
    }
  }
  return best;
}

/** Bounded Levenshtein distance (returns max+1 when larger). */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(
        prev[j]! + 1,
        cur[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

function fuzzyPerson(key: string, kb: KbIndex): KbEntity | null {
  if (key.length < 6) return null;
  const max = key.length >= 10 ? 2 : 1;
  const seen = new Set<KbEntity>();
  let best: KbEntity | null = null;
  let bestD = max + 1;
  for (const t of key.split(' ')) {
    for (const e of kb.personTokens.get(t) ?? []) {
      if (seen.has(e)) continue;
      seen.add(e);
      for (const a of [e.name, ...e.aliases]) {
        const d = editDistance(key, aliasKey(a), max);
        if (
          d < bestD ||
          (d === bestD && best && kb.curated.has(e.id) && !kb.curated.has(best.id))
        ) {
          bestD = d;
          best = e;
        }
      }
    }
  }
  return bestD <= max ? best : null;
}

/** Resolves one mention to a canonical entity (or none) with its role on the article date. */
export function linkMention(
  surface: string,
  type: EntityType,
  ctx: LinkContext,
  kb: KbIndex,
): Link {
  const key = mentionKey(surface);
  const roleFor = (e: KbEntity): string | undefined => roleOn(e.roles, ctx.date);
  const demonym = kb.demonyms.get(key);
  if (demonym && (type === 'MISC' || !kb.aliases.has(key))) {
    const e = kb.entities.get(demonym) ?? null;
    let role = e ? roleFor(e) : undefined;
    const agent = ctx.next[0]
      ? (kb.agents.get(ctx.next[0]) ?? kb.agents.get(ctx.next[0].replace(/s$/, '')))
      : undefined;
    if (e && agent && /^[A-Z]{3}$/.test(e.id)) role = e.id + agent;
    return { entity: e, role, confidence: 0.85 };
  }
  const cands = kb.aliases.get(key);
  if (cands?.length) {
    let e = pick(cands, type, ctx.date, kb)!;
    if (
      e.capitalOf &&
      (POLITICAL_VERBS.has(ctx.next[0] ?? '') || ctx.prev === 'pro' || /^pro-/i.test(surface))
    ) {
      e = kb.entities.get(`GOV:${e.capitalOf}`) ?? e;
    }
    return { entity: e, role: roleFor(e), confidence: cands.length === 1 ? 0.95 : 0.8 };
  }
  if (type === 'PER') {
    const last = key.split(' ').pop()!;
    const prior = ctx.seenPeople.get(key) ?? ctx.seenPeople.get(last);
    if (prior) return { entity: prior, role: roleFor(prior), confidence: 0.85 };
    const fuzzy = fuzzyPerson(key, kb);
    if (fuzzy) return { entity: fuzzy, role: roleFor(fuzzy), confidence: 0.7 };
  }
  return { entity: null, role: undefined, confidence: 0.5 };
}
