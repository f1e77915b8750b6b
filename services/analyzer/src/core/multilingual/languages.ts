import { createRequire } from 'node:module';
import type { KbEntity } from '../entities/kb-types.ts';
import type { KbIndex } from '../entities/knowledge-base.ts';
import { ar } from '../lang/ar.ts';
import { de } from '../lang/de.ts';
import { es } from '../lang/es.ts';
import { fr } from '../lang/fr.ts';
import { ru } from '../lang/ru.ts';
import { uk } from '../lang/uk.ts';
import { zh } from '../lang/zh.ts';
import { it } from '../lang/it.ts';
import { pt } from '../lang/pt.ts';
import { pl } from '../lang/pl.ts';
import { tr } from '../lang/tr.ts';
import { ja } from '../lang/ja.ts';
import { ko } from '../lang/ko.ts';
import { capitalNameRows, countryNameRows, demonymRows } from './country-names.ts';
import { EXTRA_ENTITIES } from './extra-entities.ts';
import { foldWord } from './fold.ts';
import { buildNameIndex, type NameIndex } from './name-index.ts';
import type { Cue, LanguageTable } from './types.ts';
import { buildSurnameIndex, type SurnameIndex } from './surnames.ts';

// The language registry: every table the analyzer reads natively, compiled once per knowledge
// base (name index over the country data and the table's own names, cue expressions).

export const LANGUAGE_TABLES: readonly LanguageTable[] = [
  ...[ru, uk, de, fr, es, ar, zh],
  // Smaller tables, not yet measured on a labelled set.
  ...[it, pt, pl, tr, ja, ko],
];
const byCode = new Map(LANGUAGE_TABLES.map((t) => [t.code, t]));

export function languageTable(code: string): LanguageTable | undefined {
  return byCode.get(code);
}

export interface CompiledCue {
  re: RegExp;
  cue: Cue;
}

export interface CompiledLanguage {
  table: LanguageTable;
  names: NameIndex;
  cues: CompiledCue[];
  /**
   * All cues in one expression (strongest first), one capture group each: one scan of the
   * text instead of one per cue. `cueOfGroup[g]` is the cue behind group g.
   */
  allCues: RegExp;
  cueOfGroup: Cue[];
  negation: RegExp;
  targetMarker: RegExp;
  discard: RegExp | null;
  sentenceEnd: RegExp;
  /** Cues must start a word (spaced scripts). */
  wordStart: boolean;
  /** Canonical entities by id: the KB's and the multilingual extras. */
  entity: (id: string) => KbEntity | undefined;
  /** Curated people by the sound of their surname (spaced scripts; see surnames.ts). */
  surnames: SurnameIndex;
}

/** Length-preserving letter folding for cue matching (Arabic hamza forms, ё). */
export function foldCueText(text: string): string {
  return /[أإآٱىةёЁ]/.test(text) ? text.replace(/[أإآٱىةёЁ]/g, (c) => CUE_FOLD[c] ?? c) : text;
}

const TASHKEEL = /[\u064B-\u065F\u0670\u0640]/;

/**
 * foldCueText, and Arabic short vowels, shadda and tatweel removed (مسيّرات -> مسيرات), with
 * the map from a folded offset back to the original one (identity when nothing was removed).
 */
export function foldForCues(text: string): { folded: string; orig: (i: number) => number } {
  const base = foldCueText(text);
  if (!TASHKEEL.test(base)) return { folded: base, orig: (i) => i };
  let folded = '';
  const map: number[] = [];
  for (let i = 0; i < base.length; i++) {
    if (TASHKEEL.test(base[i]!)) continue;
    folded += base[i];
    map.push(i);
  }
  map.push(base.length);
  return { folded, orig: (i) => map[Math.min(i, map.length - 1)]! };
}
const CUE_FOLD: Record<string, string> = {
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ى: 'ي',
  ة: 'ه',
  ё: 'е',
  Ё: 'Е',
};

/** Simplified -> Traditional (Taiwan, Taiwan with its own vocabulary, Hong Kong). */
let toTraditional: Array<(s: string) => string> | undefined;
function traditionalForms(s: string): string[] {
  // Loaded on first use (1 MB of dictionaries): only a Chinese table needs it.
  const { Converter } = createRequire(import.meta.url)(
    'opencc-js/cn2t',
  ) as typeof import('opencc-js/cn2t');
  toTraditional ??= (['tw', 'twp', 'hk'] as const).map((to) => Converter({ from: 'cn', to }));
  const out = new Set([s]);
  for (const f of toTraditional) {
    const t = f(s);
    out.add(t);
    out.add(t.replaceAll('臺', '台'));
  }
  return [...out];
}

const extraById = new Map(EXTRA_ENTITIES.map((e) => [e.id, e]));
const compiled = new WeakMap<KbIndex, Map<string, CompiledLanguage>>();

function compile(table: LanguageTable, kb: KbIndex): CompiledLanguage {
  const entity = (id: string) => kb.entities.get(id) ?? extraById.get(id);
  const known = (id: string) => id.split('|').every((x) => entity(x) !== undefined);
  const cjk = table.script === 'cjk';
  const traditional = table.code === 'zh';
  const variants = (s: string) => (traditional ? traditionalForms(s) : [s]);
  const drop = new Set((table.dropNames ?? []).map(foldWord));
  const rows: Array<[string, string, boolean]> = [];
  // The table's own names first: they win a tie with the country data (Нігері is Niger).
  for (const [id, ...names] of table.names)
    if (known(id)) for (const n of names) for (const v of variants(n)) rows.push([id, v, true]);
  const stemCountries = table.stemCountryNames ?? true;
  for (const locale of table.countryLocales)
    for (const [id, name] of countryNameRows(locale))
      if (known(id) && !drop.has(foldWord(name))) rows.push([id, name, stemCountries]);
  if (table.adjectivesOf) rows.push(...derivedAdjectives(table, known));
  for (const locale of table.countryLocales)
    for (const [id, name] of demonymRows(locale))
      if (known(id) && !drop.has(foldWord(name))) rows.push([id, name, true]);
  // Capitals after the countries: a name both carry (Алжир, تونس, Djibouti) is the country.
  for (const locale of table.countryLocales)
    for (const [id, name] of capitalNameRows(locale))
      if (known(id) && !drop.has(foldWord(name))) rows.push([id, name, stemCountries]);
  if (traditional) {
    const extra: Array<[string, string, boolean]> = [];
    for (const [id, n] of rows) for (const v of traditionalForms(n)) extra.push([id, v, true]);
    rows.push(...extra.filter(([, n]) => !drop.has(n)));
  }
  const wordStart = cjk ? '' : '(?<![\\p{L}\\p{M}\\p{N}])';
  // Word starts are checked in code (tension.ts), not by a lookbehind: a regex that opens
  // with a literal is scanned for it quickly.
  const alt = (src: string) =>
    foldCueText(
      variants(src)
        .map((v) => `(?:${v})`)
        .join('|'),
    );
  return {
    table,
    names: buildNameIndex(table, rows),
    cues: table.cues.map((cue) => ({ re: new RegExp(`(?:${alt(cue.re)})`, 'giu'), cue })),
    ...combineCues(table.cues, alt),
    negation: new RegExp(`${wordStart}(?:${alt(table.negation)})`, 'iu'),
    targetMarker: new RegExp(`${wordStart}(?:${alt(table.targetMarkers)})`, 'iu'),
    discard: table.discard ? new RegExp(alt(table.discard), 'iu') : null,
    sentenceEnd: new RegExp(
      `(?:[.!?]+["'”’»)]*\\s+|\\n+${table.sentenceEnd ? `|(?:${table.sentenceEnd})\\s*` : ''})`,
      'gu',
    ),
    entity,
    wordStart: !cjk && !table.compounds,
    surnames: cjk ? new Map() : buildSurnameIndex(curatedPeople(kb), table),
  };
}

/** Adjectives derived from the country names (table.adjectivesOf), ambiguous ones left out. */
function derivedAdjectives(
  table: LanguageTable,
  known: (id: string) => boolean,
): Array<[string, string, boolean]> {
  const byForm = new Map<string, Set<string>>();
  for (const locale of table.countryLocales)
    for (const [id, name] of countryNameRows(locale)) {
      if (!known(id) || /\s/.test(name)) continue;
      for (const adj of table.adjectivesOf!(name)) {
        const key = foldWord(adj);
        (byForm.get(key) ?? byForm.set(key, new Set()).get(key)!).add(id);
      }
    }
  const out: Array<[string, string, boolean]> = [];
  for (const [form, ids] of byForm) if (ids.size === 1) out.push([[...ids][0]!, form, true]);
  return out;
}

function curatedPeople(kb: KbIndex): KbEntity[] {
  const out: KbEntity[] = [];
  for (const id of kb.curated)
    if (id.startsWith('PER:')) {
      const e = kb.entities.get(id);
      if (e) out.push(e);
    }
  return out;
}

function combineCues(cues: readonly Cue[], alt: (s: string) => string) {
  const sorted = [...cues].sort((a, b) => b.weight - a.weight);
  const cueOfGroup: Cue[] = [];
  sorted.forEach((c, i) => (cueOfGroup[i + 1] = c));
  return { allCues: new RegExp(sorted.map((c) => `(${alt(c.re)})`).join('|'), 'giu'), cueOfGroup };
}

/** The compiled table for a language code, or undefined when the language has none. */
export function compiledLanguage(code: string, kb: KbIndex): CompiledLanguage | undefined {
  const table = byCode.get(code);
  if (!table) return undefined;
  let perKb = compiled.get(kb);
  if (!perKb) compiled.set(kb, (perKb = new Map()));
  let c = perKb.get(code);
  if (!c) {
    perKb.set(code, (c = compile(table, kb)));
    // The converters' dictionaries (~130 MB of heap) are needed only while compiling.
    toTraditional = undefined;
  }
  return c;
}
