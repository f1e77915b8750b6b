// Reading the Phoenix/CAMEO actor and agent dictionaries (TABARI format,
// ../shared/data/event-dictionaries) for build-kb: records of names and role codes, display names.
import { readFileSync } from 'node:fs';
import type { RoleSpan } from '../../src/core/entities/kb-types.ts';

/** "VLADIMIR_V._PUTIN_" -> "Vladimir V. Putin"; acronyms (no vowels or <=4 letters in an ORG) stay upper. */
export function displayName(raw: string, keepUpper = false): string {
  const words = raw.replace(/_+$/, '').split(/[_ ]+/).filter(Boolean);
  return words
    .map((w) => {
      if (
        keepUpper &&
        !/^(THE|OF|AND|FOR|IN|ON|TO)$/.test(w) &&
        (w.length <= 4 || !/[AEIOUY]/.test(w))
      )
        return w;
      return w
        .toLowerCase()
        .replace(/(^|[-.'(])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase());
    })
    .join(' ')
    .replace(/ (Of|The|And|For|In|On|De|Da|Al|Von|Der|La|Le|Du|Van) /g, (m) => m.toLowerCase());
}

/** A TABARI date, "991231" or "19991231" -> "1999-12-31" (two-digit years below 30 are 20xx). */
function parseDate(s: string): string {
  const d = s.length === 6 ? (Number(s.slice(0, 2)) < 30 ? '20' : '19') + s : s;
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
}

/** "[RUSGOV 991231-080507]" / "[RUSGOV >080508]" / "[RUSELI]" -> role spans. */
function parseCodes(line: string): RoleSpan[] {
  const out: RoleSpan[] = [];
  for (const m of line.matchAll(/\[([A-Z~]{3,}[A-Z]*)\s*([<>]?\d{6,8})?(?:-(\d{6,8}))?\]/g)) {
    const code = m[1]!;
    if (code.startsWith('~') || code === '---') continue;
    const a = m[2];
    if (!a) out.push([code, null, null]);
    else if (a.startsWith('>')) out.push([code, parseDate(a.slice(1)), null]);
    else if (a.startsWith('<')) out.push([code, null, parseDate(a.slice(1))]);
    else out.push([code, parseDate(a), m[3] ? parseDate(m[3]) : null]);
  }
  return out;
}

/** One actor: its names (the first is the main one), role codes and the comment text. */
export interface RawRecord {
  names: string[];
  codes: RoleSpan[];
  comment: string;
}

/** Splits a TABARI actor file into records: name lines, then code lines. */
export function readRecords(path: string): RawRecord[] {
  const out: RawRecord[] = [];
  let cur: RawRecord | null = null;
  let sawCodes = false;
  let inline = false;
  for (const rawLine of readFileSync(path, 'utf8').split('\n')) {
    if (!rawLine.trim() || rawLine.startsWith('#')) continue;
    const isCodeLine = /^\s/.test(rawLine) && rawLine.trim().startsWith('[');
    if (isCodeLine) {
      if (cur) cur.codes.push(...parseCodes(rawLine));
      sawCodes = true;
      continue;
    }
    const [body = '', comment = ''] = rawLine.split(/#(.*)/s);
    const bracket = body.indexOf('[');
    const name = (bracket >= 0 ? body.slice(0, bracket) : body).replace(/^\+/, '').trim();
    const isPlus = rawLine.startsWith('+');
    const isSyn = cur !== null && !sawCodes && (isPlus || (!inline && !comment && bracket < 0));
    if (!cur || !isSyn) {
      cur = { names: [], codes: [], comment: '' };
      out.push(cur);
      sawCodes = false;
      inline = false;
    }
    if (name) cur.names.push(name);
    if (comment) cur.comment += comment;
    if (bracket >= 0) {
      cur.codes.push(...parseCodes(body.slice(bracket)));
      if (isPlus || cur.names.length > 1) sawCodes = true;
      else inline = true;
    }
  }
  return out.filter((r) => r.names.length > 0);
}

/** Phoenix.agents.txt: agent phrase (lower case, spaces) -> its three-letter agent code. */
export function readAgents(path: string): Record<string, string> {
  const agents: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^([A-Z][A-Z_'-]*?)_?\s*(?:\{[^}]*\})?\s*\[~([A-Z]{3})/.exec(line);
    if (m) agents[m[1]!.replace(/_/g, ' ').toLowerCase()] = m[2]!;
  }
  return agents;
}
