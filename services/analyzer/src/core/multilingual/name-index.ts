import type { LanguageTable } from './types.ts';
import { foldWord, wordTokens, type WordToken } from './fold.ts';
import { BoundedMemo } from '../bounded-memo.ts';

// The names of one language, indexed for lookup. Spaced scripts: each name is a run of word
// keys; a key is the folded word and, for inflected languages, also its stem (one suffix off),
// so "Москва" is found as "Москвы"/"Москве" and "Путин" as "Путина". Leading clitics
// (Arabic و ب ل ف ك, the article ال) are tried off too. CJK: longest match over the raw text.

export interface NameHit {
  id: string;
  start: number;
  end: number;
}

export interface NameIndex {
  /** Spaced scripts: first word key -> candidate names (word-key runs), longest first. */
  byFirst: Map<string, Array<{ keys: string[]; id: string }>>;
  /** CJK: first character -> names (longest first). */
  byChar: Map<string, Array<{ name: string; id: string }>>;
  table: LanguageTable;
  suffixes: string[];
  prefixes: string[];
  /** Memo of wordKeys per text word (bounded). */
  cache: BoundedMemo<string, string[]>;
}

/** The keys a text word may stand for: itself, without a clitic, without one ending. */
export function wordKeys(
  key: string,
  ix: Pick<NameIndex, 'suffixes' | 'prefixes' | 'table'> & {
    cache?: BoundedMemo<string, string[]>;
  },
): string[] {
  const hit = ix.cache?.get(key);
  if (hit) return hit;
  const min = ix.table.minStem ?? 3;
  const bases = [key];
  // A hyphenated compound (Nato-Gipfel, US-Präsident) may start with a name.
  const dash = key.indexOf('-');
  if (dash >= 2) bases.push(key.slice(0, dash));
  for (const p of ix.prefixes)
    if (key.startsWith(p) && key.length - p.length >= 2) bases.push(key.slice(p.length));
  const out = [...bases];
  for (const b of bases)
    for (const s of ix.suffixes)
      if (b.endsWith(s) && b.length - s.length >= min) out.push(b.slice(0, -s.length));
  ix.cache?.set(key, out);
  return out;
}

/** The key a name's word is indexed under: its stem (longest suffix off), else itself. */
function nameKey(key: string, ix: Pick<NameIndex, 'suffixes' | 'table'>): string[] {
  const min = ix.table.minStem ?? 3;
  const out = [key];
  for (const s of ix.suffixes)
    if (key.endsWith(s) && key.length - s.length >= min) {
      out.push(key.slice(0, -s.length));
      break;
    }
  return out;
}

export function buildNameIndex(
  table: LanguageTable,
  rows: ReadonlyArray<readonly [id: string, name: string, stem?: boolean]>,
): NameIndex {
  const suffixes = [...(table.suffixes ?? [])].map(foldWord).sort((a, b) => b.length - a.length);
  const prefixes = [...(table.prefixes ?? [])].map(foldWord).sort((a, b) => b.length - a.length);
  const ix: NameIndex = {
    byFirst: new Map(),
    byChar: new Map(),
    table,
    suffixes,
    prefixes,
    cache: new BoundedMemo(8_000),
  };
  const seen = new Set<string>();
  for (const [id, name, stem = true] of rows) {
    if (table.script === 'cjk') {
      const n = name.trim();
      if (!n || seen.has(`${id}|${n}`)) continue;
      seen.add(`${id}|${n}`);
      const list = ix.byChar.get(n[0]!) ?? ix.byChar.set(n[0]!, []).get(n[0]!)!;
      list.push({ name: n, id });
      continue;
    }
    const words = wordTokens(name).map((t) => t.key);
    if (!words.length) continue;
    // Every combination of full word / stem per word would explode; the stem of each word is
    // what inflected text words reduce to, the full form what uninflected ones are.
    const variants = stem ? [words, words.map((w) => nameKey(w, ix).at(-1)!)] : [words];
    if (stem && table.nameForms)
      for (const form of table.nameForms(words.at(-1)!))
        variants.push([...words.slice(0, -1), form]);
    for (const variant of variants) {
      // A name that starts with the article (الصين) is found without it too (بالصين -> صين).
      const forms = [variant];
      const first = variant[0]!;
      for (const p of prefixes)
        if (p === 'ال' && first.startsWith(p) && first.length > p.length + 2)
          forms.push([first.slice(p.length), ...variant.slice(1)]);
      for (const f of forms) {
        const sig = `${id}|${f.join(' ')}`;
        if (seen.has(sig)) continue;
        seen.add(sig);
        const list = ix.byFirst.get(f[0]!) ?? ix.byFirst.set(f[0]!, []).get(f[0]!)!;
        list.push({ keys: f, id });
      }
    }
  }
  for (const l of ix.byFirst.values()) l.sort((a, b) => b.keys.length - a.keys.length);
  for (const l of ix.byChar.values()) l.sort((a, b) => b.name.length - a.name.length);
  return ix;
}

function matchesAt(tokens: WordToken[], i: number, keys: string[], ix: NameIndex): boolean {
  for (let k = 1; k < keys.length; k++) {
    const t = tokens[i + k];
    if (!t || !wordKeys(t.key, ix).includes(keys[k]!)) return false;
  }
  return true;
}

let segmenter: Intl.Segmenter | undefined;

/** A one-character CJK name must be a word of its own (俄 in 对俄制裁, not in 俄罗斯族). */
function onWordBoundary(text: string, start: number, end: number, lang: string): boolean {
  segmenter ??= new Intl.Segmenter(lang, { granularity: 'word' });
  const from = Math.max(0, start - 6);
  const window = text.slice(from, Math.min(text.length, end + 6));
  const cuts = new Set<number>();
  for (const s of segmenter.segment(window)) {
    cuts.add(from + s.index);
    cuts.add(from + s.index + s.segment.length);
  }
  return cuts.has(start) && cuts.has(end);
}

/** Every name of the index found in `text`, left to right, longest match first. */
export function findNames(text: string, ix: NameIndex): NameHit[] {
  const out: NameHit[] = [];
  if (ix.table.script === 'cjk') {
    for (let i = 0; i < text.length;) {
      const list = ix.byChar.get(text[i]!);
      let hit: { name: string; id: string } | undefined;
      if (list)
        for (const c of list)
          if (
            text.startsWith(c.name, i) &&
            (c.name.length > 1 || onWordBoundary(text, i, i + 1, ix.table.code))
          ) {
            hit = c;
            break;
          }
      if (hit) {
        out.push({ id: hit.id, start: i, end: i + hit.name.length });
        i += hit.name.length;
      } else i++;
    }
    return out;
  }
  const tokens = wordTokens(text);
  for (let i = 0; i < tokens.length;) {
    let hit: { keys: string[]; id: string } | undefined;
    for (const k of wordKeys(tokens[i]!.key, ix)) {
      const list = ix.byFirst.get(k);
      if (!list) continue;
      for (const c of list)
        if (matchesAt(tokens, i, c.keys, ix) && (!hit || c.keys.length > hit.keys.length)) {
          hit = c;
          break;
        }
    }
    if (hit) {
      out.push({ id: hit.id, start: tokens[i]!.start, end: tokens[i + hit.keys.length - 1]!.end });
      i += hit.keys.length;
    } else i++;
  }
  return out;
}
