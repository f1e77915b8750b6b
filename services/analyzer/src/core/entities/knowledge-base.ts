import type { KbEntity, KbFile, RoleSpan } from './kb-types.ts';
import { buildGazetteer, type Gazetteer, TITLE_WORDS } from './gazetteer.ts';
import { aliasKey } from './normalize.ts';
import { BoundedMemo } from '../bounded-memo.ts';
import type { TaggerModel } from './tagger/model.ts';

/** Indexes over the KB used by the linker; built once per load. */
export interface KbIndex {
  entities: Map<string, KbEntity>;
  /** Alias key -> candidate entities. */
  aliases: Map<string, KbEntity[]>;
  /** Demonym key ("russian") -> entity id (a country, or a region such as LOC:west). */
  demonyms: Map<string, string>;
  /**
   * Blocking index for misspelt person names: a name token (3+ letters), or "^" + the first
   * three letters of a surname, -> the people carrying it with their precomputed alias keys.
   */
  personBlocks: Map<string, PersonCandidate[]>;
  /** Memo of fuzzy person lookups by mention key (bounded; names recur across items). */
  fuzzyCache: BoundedMemo<string, KbEntity | null>;
  /** Ids of hand-curated entities (preferred when an alias is ambiguous). */
  curated: Set<string>;
  agents: Map<string, string>;
}

export interface PersonCandidate {
  entity: KbEntity;
  /** aliasKey of the name and every alias. */
  keys: string[];
}

export interface LoadedKb {
  index: KbIndex;
  gazetteer: Gazetteer;
  tagger: TaggerModel | null;
}

const EXTRA_DEMONYMS: Record<string, string> = {
  western: 'LOC:west',
  european: 'LOC:europe',
  soviet: 'RUS',
  'ex-soviet': 'RUS',
  arab: 'LOC:middle-east',
  african: 'LOC:africa',
  asian: 'LOC:asia',
  // world-countries lists "Indian" for the British Indian Ocean Territory too; it means India.
  indian: 'IND',
  // As "Congo" (below): the Congolese of the news are the DR Congo's.
  congolese: 'COD',
  // Ethnic names the news uses for a state's side: Serb gunmen, barricades and leaders in Kosovo.
  serb: 'SRB',
  serbs: 'SRB',
  kosovar: 'UNK',
  kosovan: 'UNK',
};

/**
 * A short name two entities could carry, given to the one the news means by it. "Congo" is
 * world-countries' common name of the Republic of the Congo (Brazzaville, 6 M people); in
 * reporting it is overwhelmingly the DR Congo (Kinshasa, 110 M: M23, Goma, Rwanda). The
 * Republic keeps its full names (Republic of the Congo, Congo-Brazzaville).
 */
const PREFERRED_ALIASES: Record<string, string> = { congo: 'COD' };

export function indexKb(file: KbFile, curated: Set<string>): KbIndex {
  const entities = new Map<string, KbEntity>();
  const aliases = new Map<string, KbEntity[]>();
  const demonyms = new Map<string, string>();
  const personBlocks = new Map<string, PersonCandidate[]>();
  const push = <T>(m: Map<string, T[]>, k: string, v: T): void => {
    const a = m.get(k);
    if (!a) m.set(k, [v]);
    else if (!a.includes(v)) a.push(v);
  };
  for (const e of file.entities) {
    entities.set(e.id, e);
    for (const a of [e.name, ...e.aliases]) {
      const k = aliasKey(a);
      if (k) push(aliases, k, e);
    }
    for (const d of e.demonyms ?? []) {
      const k = aliasKey(d);
      if (!demonyms.has(k) || curated.has(e.id)) demonyms.set(k, e.id);
    }
    if (e.type === 'PER') {
      const cand = { entity: e, keys: [...new Set([e.name, ...e.aliases].map(aliasKey))] };
      const toks = aliasKey(e.name).split(' ');
      for (const t of toks) if (t.length >= 3 && !TITLE_WORDS.has(t)) push(personBlocks, t, cand);
      const last = toks[toks.length - 1]!;
      if (toks.length > 1 && last.length >= 4) push(personBlocks, '^' + last.slice(0, 3), cand);
    }
  }
  for (const [k, v] of Object.entries(EXTRA_DEMONYMS)) demonyms.set(k, v);
  for (const [k, id] of Object.entries(PREFERRED_ALIASES)) {
    const e = entities.get(id);
    if (e) aliases.set(k, [e]);
  }
  return {
    entities,
    aliases,
    demonyms,
    personBlocks,
    fuzzyCache: new BoundedMemo(8_000),
    curated,
    agents: new Map(Object.entries(file.agents)),
  };
}

export function loadIndexes(
  file: KbFile,
  curated: Set<string>,
  tagger: TaggerModel | null,
  clusters: Map<string, number> | null = null,
): LoadedKb {
  const gazetteer = buildGazetteer(file.entities);
  if (clusters) gazetteer.clusters = clusters;
  return { index: indexKb(file, curated), gazetteer, tagger };
}

/** The role code valid on `date` (YYYY-MM-DD): a dated span first, else an undated default. */
export function roleOn(roles: readonly RoleSpan[] | undefined, date: string): string | undefined {
  if (!roles?.length) return undefined;
  let fallback: string | undefined;
  for (const [code, from, to] of roles) {
    if (from === null && to === null) {
      fallback ??= code;
      continue;
    }
    if ((from === null || from <= date) && (to === null || date < to)) return code;
  }
  return fallback;
}
