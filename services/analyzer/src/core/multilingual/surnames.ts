import type { KbEntity } from '../entities/kb-types.ts';
import type { LanguageTable } from './types.ts';
import { foldWord, wordTokens } from './fold.ts';
import { BoundedMemo } from '../bounded-memo.ts';

// People the language table does not name, found by the sound of their surname. Each language
// writes a foreign surname its own way (Pashinyan: Пашинян, Пашиняна, Paschinjan, Pachinian;
// Aliyev: Алиев, Алієв, Alijew, Aliev); reduced to one phonetic skeleton (script transliterated,
// each language's spellings of one sound unified, doubled letters and glides collapsed) they
// meet the skeleton of the knowledge base's English surname. Only curated office holders are
// indexed (a few hundred, long skeletons only), and only capitalised words not already a name
// are tried, so a common word rarely meets a surname.

const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  ґ: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  є: 'e',
  ж: 'z',
  з: 'z',
  и: 'i',
  і: 'i',
  ї: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'c',
  ч: 'c',
  ш: 's',
  щ: 's',
  ъ: '',
  ы: 'i',
  ь: '',
  э: 'e',
  ю: 'iu',
  я: 'ia',
  "'": '',
};

/** Latin spellings of one sound, per language (longest first), before the common rules. */
const SPELLINGS: Record<string, ReadonlyArray<readonly [string, string]>> = {
  de: [
    ['tsch', 'c'],
    ['sch', 's'],
    ['j', 'i'],
    ['w', 'v'],
  ],
  fr: [
    ['tch', 'c'],
    ['ch', 's'],
    ['ou', 'u'],
    ['j', 'z'],
  ],
  es: [
    ['ch', 'c'],
    ['j', 'h'],
  ],
};
const COMMON: ReadonlyArray<readonly [string, string]> = [
  ['sch', 's'],
  ['sh', 's'],
  ['ch', 'c'],
  ['zh', 'z'],
  ['kh', 'h'],
  ['ts', 'c'],
  ['tz', 'c'],
  ['ph', 'f'],
  ['ou', 'u'],
  ['ck', 'k'],
  ['q', 'k'],
  ['y', 'i'],
  ['j', 'i'],
  ['w', 'v'],
];

/** The phonetic skeleton of a surname as written in `lang` (`en` for the KB's spelling). */
export function surnameSkeleton(word: string, lang: string): string {
  let s = foldWord(word);
  if (/[\u0400-\u04ff]/.test(s)) s = [...s].map((c) => CYRILLIC[c] ?? c).join('');
  if (/[^a-z'-]/.test(s)) return '';
  for (const [from, to] of SPELLINGS[lang] ?? []) s = s.replaceAll(from, to);
  for (const [from, to] of COMMON) s = s.replaceAll(from, to);
  return s
    .replace(/['-]/g, '')
    .replace(/(.)\1+/g, '$1') // doubled letters (Guterres, Гутерреш)
    .replace(/ii+/g, 'i') // a glide as one vowel: Aliyev, Alijew, Алієв = Aliev
    .replace(/e$/, ''); // a silent final e (Tebboune, Teboun)
}

/** Shortest skeleton indexed: shorter ones meet common words. */
const MIN_SKELETON = 5;

export type SurnameIndex = Map<string, string>;

/** Skeleton -> person id for the curated people, ambiguous skeletons left out. */
export function buildSurnameIndex(
  people: Iterable<KbEntity>,
  table: LanguageTable,
  skip: (skeleton: string) => boolean = () => false,
): SurnameIndex {
  const out = new Map<string, string>();
  const clash = new Set<string>();
  for (const person of people) {
    const surnames = new Set(
      [person.name, ...person.aliases].map((n) => n.split(/\s+/).at(-1)!).filter(Boolean),
    );
    for (const surname of surnames) {
      // The KB spells a surname the English way; a table's own language may share it.
      for (const sk of new Set([
        surnameSkeleton(surname, 'en'),
        surnameSkeleton(surname, table.code),
      ])) {
        if (sk.length < MIN_SKELETON || skip(sk)) continue;
        const had = out.get(sk);
        if (had && had !== person.id) clash.add(sk);
        else out.set(sk, person.id);
      }
    }
  }
  for (const sk of clash) out.delete(sk);
  return out;
}

/** Memo per index of text word -> person id (or null): names recur, skeletons cost. */
const memo = new WeakMap<SurnameIndex, BoundedMemo<string, string | null>>();

function surnameOf(
  key: string,
  ix: SurnameIndex,
  lang: string,
  suffixes: readonly string[],
): string | null {
  let seen = memo.get(ix);
  if (!seen) memo.set(ix, (seen = new BoundedMemo(8_000)));
  const hit = seen.get(key);
  if (hit !== undefined) return hit;
  let id: string | null = ix.get(surnameSkeleton(key, lang)) ?? null;
  for (const s of suffixes) {
    if (id) break;
    if (key.endsWith(s) && key.length - s.length >= 4)
      id = ix.get(surnameSkeleton(key.slice(0, -s.length), lang)) ?? null;
  }
  seen.set(key, id);
  return id;
}

export interface SurnameHit {
  id: string;
  start: number;
  end: number;
}

/**
 * Capitalised words of `text` outside `taken` (offsets already named) whose skeleton, as
 * written or with one case ending off, is a curated person's surname.
 */
export function findSurnames(
  text: string,
  ix: SurnameIndex,
  table: LanguageTable,
  suffixes: readonly string[],
  taken: ReadonlyArray<{ start: number; end: number }>,
): SurnameHit[] {
  if (!ix.size) return [];
  const out: SurnameHit[] = [];
  for (const t of wordTokens(text)) {
    const first = text[t.start]!;
    if (first === first.toLowerCase() || t.end - t.start < 4) continue;
    if (taken.some((x) => x.start < t.end && t.start < x.end)) continue;
    const id = surnameOf(t.key, ix, table.code, suffixes);
    if (id) out.push({ id, start: t.start, end: t.end });
  }
  return out;
}
