import type { EntityType } from '@faultline/shared/schemas';
import type { KbEntity } from './kb-types.ts';
import { type KbIndex, roleOn } from './knowledge-base.ts';
import { TITLE_WORDS } from './gazetteer.ts';
import { aliasKey } from './normalize.ts';
import { BoundedMemo } from '../bounded-memo.ts';

/** Verbs after a capital that make it the government speaking or acting ("Moscow said"). */
export const POLITICAL_VERBS: ReadonlySet<string> = new Set(
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

const keyMemo = new BoundedMemo<string, string>(8_000);

/** Strips a leading article, "pro-"/"anti-", titles and a possessive from a mention's key. */
export function mentionKey(surface: string): string {
  let key = keyMemo.get(surface);
  if (key === undefined) {
    keyMemo.set(surface, (key = computeMentionKey(surface)));
  }
  return key;
}

function computeMentionKey(surface: string): string {
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

let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/** Bounded Levenshtein distance (returns max+1 when larger); reuses two row buffers. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const m = b.length;
  if (rowA.length <= m) {
    rowA = new Int32Array(m * 2 + 1);
    rowB = new Int32Array(m * 2 + 1);
  }
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const sub = prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, sub);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[m]!;
}

/**
 * A person whose name or alias is within edit distance 1 (2 for 10+ letters) of `key`.
 * Candidates come only from the blocking index (a shared name token, or the first three
 * letters of the surname), filtered by length before any distance is computed.
 */
function fuzzyPerson(key: string, kb: KbIndex): KbEntity | null {
  if (key.length < 6) return null;
  const memo = kb.fuzzyCache.get(key);
  if (memo !== undefined) return memo;
  const max = key.length >= 10 ? 2 : 1;
  const toks = key.split(' ');
  const last = toks[toks.length - 1]!;
  const blocks = toks.slice();
  if (toks.length > 1 && last.length >= 4) blocks.push('^' + last.slice(0, 3));
  const seen = new Set<KbEntity>();
  let best: KbEntity | null = null;
  let bestD = max + 1;
  for (const t of blocks) {
    for (const c of kb.personBlocks.get(t) ?? []) {
      const e = c.entity;
      if (seen.has(e)) continue;
      seen.add(e);
      for (const a of c.keys) {
        if (Math.abs(a.length - key.length) > max) continue;
        const d = editDistance(key, a, max);
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
  const out = bestD <= max ? best : null;
  kb.fuzzyCache.set(key, out);
  return out;
}

/**
 * Resolves one mention to a canonical entity (or none) with its role on the article date.
 * `key` is mentionKey(surface), passed when the caller has it already.
 */
export function linkMention(
  surface: string,
  type: EntityType,
  ctx: LinkContext,
  kb: KbIndex,
  key: string = mentionKey(surface),
): Link {
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
