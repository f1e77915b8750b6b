import type { Lexicon, PatternSteps, VerbBlock, VerbPattern } from './lexicon-types.ts';

// Parses the PETRARCH / TABARI dictionaries (CAMEO verb patterns, Phoenix issues, discards,
// agents) into the compact Lexicon. Pure: text in, data out. Format notes follow the TABARI
// manual ch. 5: `--- NAME [code] ---` opens a verb block, bare lines list verbs (irregular forms
// in `{...}`, multi-word verbs joined by `_` and prefixed `+`), `- pre * post [code]` lines are
// patterns where `*` is the verb, `$`/`+`/`^`/`%` mark actor slots and `&SET` a synonym set.

export interface DictionaryTexts {
  verbPatterns: string;
  issues: string;
  discards: string;
  agents: string;
  /** Extra single-word actor cues (country names and demonyms), lower case. */
  countryWords: string[];
}

const SLOT = new Set(['$', '+', '^', '%', '*', '-', '']);

/** Regular English inflections of a base verb, lower case (TABARI generates the same). */
export function inflectVerb(base: string): string[] {
  const w = base.toLowerCase();
  const forms = new Set([w]);
  if (/[^aeiou]y$/.test(w)) {
    const stem = w.slice(0, -1);
    forms.add(`${stem}ies`).add(`${stem}ied`).add(`${w}ing`);
  } else if (/e$/.test(w)) {
    forms
      .add(`${w}s`)
      .add(`${w}d`)
      .add(`${w.slice(0, -1)}ing`);
  } else if (/(s|sh|ch|x|z)$/.test(w)) {
    forms.add(`${w}es`).add(`${w}ed`).add(`${w}ing`);
  } else {
    forms.add(`${w}s`).add(`${w}ed`).add(`${w}ing`);
    if (/[^aeiou][aeiou][bdgklmnprt]$/.test(w)) {
      const last = w.at(-1)!;
      forms.add(`${w}${last}ed`).add(`${w}${last}ing`);
    }
  }
  return [...forms];
}

function parseSynsets(lines: string[]): Map<string, string[]> {
  const sets = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const raw of lines) {
    const line = raw.replace(/#.*/, '').trim();
    if (line.startsWith('&')) {
      current = [];
      sets.set(line.replace(/_$/, '').toUpperCase(), current);
    } else if (line.startsWith('+') && current) {
      const first = line
        .slice(1)
        .split(/[_\s{]/)[0]!
        .toLowerCase();
      if (first) current.push(first);
    } else if (!line) current = null;
  }
  return sets;
}

function toSteps(words: string[], synsets: Map<string, string[]>): PatternSteps {
  const steps: PatternSteps = [];
  for (const token of words) {
    for (const part of token.split('_')) {
      if (SLOT.has(part)) continue;
      if (part.startsWith('&')) {
        const set = synsets.get(part.toUpperCase());
        if (set && set.length) steps.push(set);
        continue;
      }
      const w = part.toLowerCase().replace(/[^a-z0-9'-]/g, '');
      if (w.length > 1) steps.push([w]);
    }
  }
  return steps;
}

function parsePattern(line: string, synsets: Map<string, string[]>): VerbPattern | null {
  const m = /^-\s*(.*?)\s*\[([0-9-]+)[^\]]*\]/.exec(line);
  if (!m) return null;
  const body = m[1]!;
  const code = /\d/.test(m[2]!) ? m[2]!.replace(/:.*/, '') : '';
  const star = body.split(/\s+/).findIndex((t) => t === '*' || t.includes('*'));
  if (star < 0) return null;
  const words = body.split(/\s+/);
  const before = words.slice(0, star);
  const starTok = words[star]!;
  const after = words.slice(star + 1);
  // `*_TO` or `IS_TO_*_TO`: words glued to the verb slot still belong before/after it.
  const [glueBefore, glueAfter] = starTok.split('*');
  if (glueBefore) before.push(glueBefore);
  if (glueAfter) after.unshift(glueAfter);
  const pre = toSteps(before, synsets);
  const post = toSteps(after, synsets);
  if (pre.length === 0 && post.length === 0) return null;
  return [pre, post, code];
}

function parseVerbs(text: string, synsets: Map<string, string[]>) {
  const verbs: Lexicon['verbs'] = Object.create(null);
  const phrasalVerbs: Lexicon['phrasalVerbs'] = Object.create(null);
  const blocks: VerbBlock[] = [];
  let block: VerbBlock | null = null;
  const addForm = (form: string, index: number, code: string) => {
    const parts = form.toLowerCase().split('_').filter(Boolean);
    if (parts.length === 0) return;
    if (parts.length === 1) verbs[parts[0]!] ??= [index, code];
    else (phrasalVerbs[parts[0]!] ??= []).push([parts.slice(1), index, code]);
  };
  for (const raw of text.split('\n')) {
    const head = /^---\s*(\S+)\s*\[([^\]]*)\]\s*---/.exec(raw);
    if (head) {
      block = { code: /\d/.test(head[2]!) ? head[2]!.trim() : '', patterns: [] };
      blocks.push(block);
      continue;
    }
    if (!block) continue;
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    if (line.startsWith('-')) {
      const p = parsePattern(line, synsets);
      if (p) block.patterns.push(p);
      continue;
    }
    const verb = /^\+?([A-Z_'-]+)\s*(?:\{([^}]*)\})?\s*(?:\[([0-9-]+)\])?/.exec(line);
    if (!verb) continue;
    const index = blocks.length - 1;
    const code = verb[3] && /\d/.test(verb[3]) ? verb[3] : '';
    const [first, ...rest] = verb[1]!.split('_');
    const suffix = rest.length ? `_${rest.join('_')}` : '';
    for (const f of inflectVerb(first!)) addForm(`${f}${suffix}`, index, code);
    for (const irr of (verb[2] ?? '').split(/\s+/)) addForm(irr.replace(/^\+/, ''), index, code);
  }
  return { verbs, phrasalVerbs, blocks };
}

function parseIssues(text: string): Record<string, string[]> {
  const issues: Record<string, string[]> = {};
  let category = '';
  for (const raw of text.split('\n')) {
    const cat = /<ISSUE CATEGORY="([^"]+)"/.exec(raw);
    if (cat) {
      category = cat[1]!;
      continue;
    }
    const line = raw.replace(/#.*/, '').replace(/\[.*$/, '').trim();
    if (!category || !line || line.startsWith('~') || line.startsWith('<')) continue;
    const phrase = line
      .replace(/\b[a-z]+:/g, '')
      .replace(/\+/g, ' ')
      .toLowerCase()
      .trim();
    if (phrase.length > 2) (issues[category] ??= []).push(phrase);
  }
  return issues;
}

function parseDiscards(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line || /^\+?\d+$/.test(line)) continue;
    out.push(line.replace(/^\+\s*/, '').toLowerCase());
  }
  return out;
}

const ACTOR_AGENTS = /\[~(GOV|MIL|REB|OPP|SPY|COP|IGO|INS|SEP|UAF|PTY|LEG|JUD)/;

/**
 * Multi-word agents ("FOREIGN_!MINIST!", "SECURITY_COUNCIL") are not cues as phrases, but the
 * role noun that heads many of them is ("minister", "council", "official"): a head word counts
 * once it heads at least this many political agent entries.
 */
const HEAD_MIN_ENTRIES = 10;

const plural = (w: string) => (w.endsWith('y') ? `${w.slice(0, -1)}ies` : `${w}s`);

/** "SPOKES!PERSON!" -> spokesman, spokesmen, ... with the file's `!NAME! = A, B` macros. */
function expandMacros(word: string, macros: Map<string, string[]>): string[] {
  const m = /!([A-Z]+)!/.exec(word);
  if (!m) return [word.toLowerCase()];
  return (macros.get(m[1]!) ?? []).flatMap((v) =>
    expandMacros(word.replace(m[0], v.toUpperCase()), macros),
  );
}

function parseAgents(text: string): string[] {
  const words = new Set<string>();
  const macros = new Map<string, string[]>();
  const heads = new Map<string, number>();
  for (const raw of text.split('\n')) {
    const macro = /^!([A-Z]+)!\s*=\s*(.+)$/.exec(raw.trim());
    if (macro)
      macros.set(
        macro[1]!,
        macro[2]!.split(',').map((v) => v.trim()),
      );
    if (!ACTOR_AGENTS.test(raw)) continue;
    const m = /^([A-Z_'-]+)/.exec(raw.trim());
    if (!m) continue;
    if (!m[1]!.includes('_')) {
      const w = m[1]!.toLowerCase();
      words.add(w);
      words.add(plural(w));
      continue;
    }
    const full = /^([A-Z_'!-]+)/.exec(raw.trim())![1]!.replace(/_+$/, '');
    for (const head of expandMacros(full.slice(full.lastIndexOf('_') + 1), macros))
      heads.set(head, (heads.get(head) ?? 0) + 1);
  }
  for (const [head, n] of heads)
    if (n >= HEAD_MIN_ENTRIES && /^[a-z]{3,}$/.test(head))
      words.add(head).add(head.endsWith('s') ? head : plural(head));
  return [...words];
}

/** Builds the compact Lexicon from the raw dictionary files. */
export function compileLexicon(texts: DictionaryTexts, version: string): Lexicon {
  const lines = texts.verbPatterns.split('\n');
  const start = lines.findIndex((l) => l.includes('VERB PATTERNS'));
  const synsets = parseSynsets(lines.slice(0, start < 0 ? lines.length : start));
  const { verbs, phrasalVerbs, blocks } = parseVerbs(
    lines.slice(start < 0 ? 0 : start).join('\n'),
    synsets,
  );
  const actorCues = new Set([...parseAgents(texts.agents), ...texts.countryWords]);
  return {
    version,
    verbs,
    phrasalVerbs,
    blocks,
    discards: parseDiscards(texts.discards),
    issues: parseIssues(texts.issues),
    actorCues: [...actorCues].sort(),
  };
}
