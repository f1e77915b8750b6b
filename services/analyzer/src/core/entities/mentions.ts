import type { EntityType, Mention } from '@faultline/shared/schemas';
import type { KbEntity } from './kb-types.ts';
import type { KbIndex, LoadedKb } from './knowledge-base.ts';
import { tokenize, type Tokens } from './tokenize.ts';
import { tagDocument, type TaggedSpan } from './ner.ts';
import { TITLE_WORDS } from './gazetteer.ts';
import { linkMention, mentionKey, POLITICAL_VERBS, type LinkContext } from './link.ts';
import { compoundParts, isActorCompound } from './compound.ts';

export interface FoundMention {
  mention: Mention;
  entity: KbEntity | null;
  role: string | undefined;
  /** Grouping key for the entity list (id, or type + surface for unlinked names). */
  group: string;
}

/** Unlinked spans the tagger is unsure of are dropped rather than reported. */
const MIN_UNLINKED_CONFIDENCE = 0.6;

interface RawSpan extends TaggedSpan {
  field: 'title' | 'text';
  toks: Tokens;
}

/** Metonyms and other high-precision KB names the tagger may leave out ("the Kremlin"). */
const SUPPLEMENT = new Map<string, EntityType>([
  ['kremlin', 'ORG'],
  ['white house', 'ORG'],
  ['downing street', 'ORG'],
  ['elysee', 'ORG'],
  ['nato', 'ORG'],
  ['europe', 'LOC'],
]);

/**
 * A word that can be part of a SUPPLEMENT name: a mention key is the folded words with a prefix
 * or suffix stripped, so each word of the key (kremlin, white, house ...) lies inside one of the
 * span's words. Words with non-ASCII letters fold ("Élysée") and are always tried.
 */
const SUPPLEMENT_WORD = new RegExp(
  `[^\\x00-\\x7f]|${[...new Set([...SUPPLEMENT.keys()].flatMap((k) => k.split(' ')))].join('|')}`,
  'i',
);

function supplement(
  toks: Tokens,
  covered: Uint8Array,
  field: 'title' | 'text',
  out: RawSpan[],
): void {
  const w = toks.words;
  for (let i = 0; i < w.length; i++) {
    if (covered[i] || !/^[A-Z]/.test(w[i]!)) continue;
    // No key of a span starting here can be in SUPPLEMENT: skip building and looking them up.
    if (!SUPPLEMENT_WORD.test(w[i]!) && !(i + 1 < w.length && SUPPLEMENT_WORD.test(w[i + 1]!)))
      continue;
    for (const len of [2, 1]) {
      if (i + len > w.length) continue;
      let ok = true;
      for (let k = i; k < i + len; k++) if (covered[k]) ok = false;
      const type = ok ? SUPPLEMENT.get(mentionKey(w.slice(i, i + len).join(' '))) : undefined;
      if (type) {
        out.push({ start: i, end: i + len, type, confidence: 0.6, field, toks });
        for (let k = i; k < i + len; k++) covered[k] = 1;
        break;
      }
    }
  }
}

/**
 * A curated office holder's surname the tagger left out, as the speaker of a headline
 * ("Hegseth warns China", "Lavrov: ..."): the next word is a political verb or a colon.
 */
function isSpeakingOfficial(word: string, next: string | undefined, kb: KbIndex): boolean {
  if (!next || !/^\p{Lu}\p{Ll}/u.test(word) || (next !== ':' && !POLITICAL_VERBS.has(next)))
    return false;
  return !!kb.aliases.get(mentionKey(word))?.some((e) => e.type === 'PER' && kb.curated.has(e.id));
}

const TRIM_START = new Set(['the', 'The', 'THE']);
const TRIM_END = new Set(
  'Monday Tuesday Wednesday Thursday Friday Saturday Sunday said says'.split(' '),
);

const PARTICLES = new Set([
  'de',
  'da',
  'del',
  'di',
  'van',
  'von',
  'der',
  'den',
  'al',
  'el',
  'bin',
  'ibn',
  'la',
  'le',
  'du',
  'dos',
  'of',
  'and',
  'for',
  'y',
]);

/** Trims an article at the start and weekday names at the end ("Annalena Baerbock Tuesday"). */
function trimSpan(words: readonly string[], sp: TaggedSpan): TaggedSpan | null {
  let { start, end } = sp;
  while (
    start < end - 1 &&
    (TRIM_START.has(words[start]!) ||
      (sp.type === 'PER' &&
        TITLE_WORDS.has(words[start]!.toLowerCase()) &&
        words[start]!.length > 3))
  )
    start++;
  const only = words[start]!.toLowerCase();
  if (end - start === 1 && TITLE_WORDS.has(only) && !/^u\.?s\.?$/.test(only)) return null;
  // A name stops at a weekday or a lower-case word that is not a name particle ("of the").
  for (let k = start + 1; k < end; k++) {
    const w = words[k]!;
    if (TRIM_END.has(w) || (/^[a-z]/.test(w) && !PARTICLES.has(w) && !w.includes('-'))) {
      end = k;
      break;
    }
  }
  while (end > start + 1 && TRIM_END.has(words[end - 1]!)) end--;
  if (end - start === 1 && (TRIM_END.has(words[start]!) || TRIM_START.has(words[start]!)))
    return null;
  return { start, end, type: sp.type, confidence: sp.confidence };
}

/** Tags the title and text as one document, then trims and supplements the spans. */
function spansOf(
  fields: ReadonlyArray<{ toks: Tokens; field: 'title' | 'text' }>,
  kb: LoadedKb,
): RawSpan[] {
  const sentences: string[][] = [];
  for (const { toks } of fields)
    for (const [s, e] of toks.sentences) sentences.push(toks.words.slice(s, e));
  const tagged = kb.tagger ? tagDocument(sentences, kb.tagger, kb.gazetteer) : [];
  const out: RawSpan[] = [];
  let k = 0;
  for (const { toks, field } of fields) {
    const part: RawSpan[] = [];
    const covered = new Uint8Array(toks.words.length);
    for (const [s] of toks.sentences) {
      const words = sentences[k]!;
      for (const raw of tagged[k] ?? []) {
        const sp = trimSpan(words, raw);
        if (!sp) continue;
        const { type, confidence } = sp;
        part.push({ start: sp.start + s, end: sp.end + s, type, confidence, field, toks });
        for (let j = sp.start + s; j < sp.end + s; j++) covered[j] = 1;
      }
      k++;
    }
    supplement(toks, covered, field, part);
    for (let i = 0; i < toks.words.length; i++) {
      if (covered[i]) continue;
      const w = toks.words[i]!;
      if (isActorCompound(w, kb.index))
        part.push({ start: i, end: i + 1, type: 'MISC', confidence: 0.6, field, toks });
      else if (isSpeakingOfficial(w, toks.words[i + 1], kb.index))
        part.push({ start: i, end: i + 1, type: 'PER', confidence: 0.6, field, toks });
    }
    out.push(...part.sort((a, b) => a.start - b.start));
  }
  return out;
}

/** Tags title and text, then links every span (full names first, so "Putin" can reuse them). */
export function findMentions(
  item: { title: string; text: string; publishedAt: string },
  kb: LoadedKb,
): FoundMention[] {
  const spans = spansOf(
    [
      { toks: tokenize(item.title), field: 'title' },
      { toks: tokenize(item.text), field: 'text' },
    ],
    kb,
  );
  const date = item.publishedAt.slice(0, 10);
  const seenPeople = new Map<string, KbEntity>();
  const unlinkedPeople = new Map<string, string>();
  // Each span's surface text and key, made once for both passes.
  const texts = spans.map((sp) => {
    const src = sp.field === 'title' ? item.title : item.text;
    return src.slice(sp.toks.starts[sp.start]!, sp.toks.ends[sp.end - 1]!);
  });
  const keys = texts.map((t) => mentionKey(t));
  const ctxOf = (sp: RawSpan): LinkContext => ({
    next: sp.toks.words.slice(sp.end, sp.end + 2).map((w) => w.toLowerCase()),
    prev: (sp.toks.words[sp.start - 1] ?? '').toLowerCase(),
    date,
    seenPeople,
  });
  // Pass 1: multi-word person names register their surname for later partial mentions.
  spans.forEach((sp, i) => {
    if (sp.type !== 'PER' || sp.end - sp.start < 2) return;
    const key = keys[i]!;
    const link = linkMention(texts[i]!, sp.type, ctxOf(sp), kb.index, key);
    const last = key.split(' ').pop()!;
    if (link.entity?.type === 'PER') {
      seenPeople.set(last, link.entity);
      seenPeople.set(key, link.entity);
    } else if (!link.entity) unlinkedPeople.set(last, `PER|${key}`);
  });
  const out: FoundMention[] = [];
  spans.forEach((sp, i) => {
    const text = texts[i]!;
    const key = keys[i]!;
    const link = linkMention(text, sp.type, ctxOf(sp), kb.index, key);
    const start = sp.toks.starts[sp.start]!;
    // An unlinked compound of actors ("India-Pakistan", "Chinese Coast Guard"): its parts.
    const parts = link.entity ? null : compoundParts(text, sp.type, ctxOf(sp), kb.index);
    if (parts) {
      for (const p of parts) {
        const e = p.link.entity!;
        out.push({
          mention: {
            field: sp.field,
            start: start + p.start,
            end: start + p.end,
            text: text.slice(p.start, p.end),
            type: p.type,
            entityId: e.id,
            confidence: Math.round(sp.confidence * p.link.confidence * 1000) / 1000,
          },
          entity: e,
          role: p.link.role,
          group: e.id,
        });
      }
      return;
    }
    if (!link.entity && sp.confidence < MIN_UNLINKED_CONFIDENCE) return;
    const group =
      link.entity?.id ??
      (sp.type === 'PER' ? unlinkedPeople.get(key.split(' ').pop()!) : undefined) ??
      `${sp.type}|${key}`;
    const mention: Mention = {
      field: sp.field,
      start,
      end: start + text.length,
      text,
      type: sp.type,
      entityId: link.entity?.id ?? null,
      confidence: Math.round(sp.confidence * link.confidence * 1000) / 1000,
    };
    out.push({ mention, entity: link.entity, role: link.role, group });
  });
  return out;
}
