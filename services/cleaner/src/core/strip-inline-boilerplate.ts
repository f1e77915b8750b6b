import {
  BREADCRUMB_LEADS,
  BYLINE_LEADS,
  CREDIT_LABELS,
  HOME_WORDS,
  PICTURE_AGENCIES,
  PLEAS,
  READ_ON,
  RELATED_HEADS,
  RELATED_LEADS,
  SHARE,
  SKIP_LINKS,
  TIME_ANCHORS,
  TIME_WORDS,
  WIRES,
} from './inline-boilerplate-cues.ts';

// Page furniture that lands between an article's own lines when a page is flattened to text:
// skip links, breadcrumbs, picture credits and captions, bylines, time stamps, share and follow
// prompts, "read more" links, newsletter, comment and cookie pleas, related-story heads. Each
// line is judged alone, by its whole text: a line that merely contains such words ("Updated
// figures from the UN...", "By Tuesday, the army had...") is article text and stays.

const whole = (sources: string[] | string, tail = ''): RegExp =>
  new RegExp(`^(?:${[sources].flat().join('|')})${tail}$`, 'iu');

const END = '\\s*[.!:…»›>|]*';
const SKIP = whole(SKIP_LINKS, END);
const READ = whole(READ_ON, END);
const SHARE_LINE = whole(SHARE, END);
const PLEA = whole(PLEAS, END);
const RELATED_HEAD = whole(RELATED_HEADS, '\\s*[:.…»›>-]*');
const RELATED_LINE = new RegExp(
  `^(?:${RELATED_LEADS.join('|')})\\s*(?:[:|»›>–—-]|\\.{3}|…)\\s*\\S`,
  'iu',
);
const BREADCRUMB_LEAD = new RegExp(`^(?:${BREADCRUMB_LEADS.join('|')})\\s*:`, 'iu');
const HOME = new RegExp(`^(?:${HOME_WORDS.join('|')})$`, 'iu');
const CRUMB_SEPARATOR = /\s+(?:[>›»❯→/|]|::)\s+/u;

const AGENCY_CREDIT = new RegExp(
  // "AP file photo", "Reuters pictures", "Getty Images", "© AP Photo / Name"
  `^(?:©\\s*)?(?:${PICTURE_AGENCIES})(?: file)?(?: (?:photo|image|picture|video)s?)?(?:\\s*/\\s*[\\p{L} .'’-]{2,40})?$` +
    // "JAY DIRECTO/AFP via Getty Images", "Name/Reuters", "Name / AFP / File"
    `|^[\\p{L} .'’-]{2,60}\\s*/\\s*(?:${PICTURE_AGENCIES})(?:\\s+via\\s+getty images)?(?:\\s*/\\s*file( photo)?)?$`,
  'iu',
);
const CREDIT_LABEL = new RegExp(`^(?:${CREDIT_LABELS.join('|')})\\s*(?::|©|by\\b)\\s*\\S`, 'iu');
/** A caption: "FILE PHOTO: ...", or one that ends with its credit "(Photo: Name/Reuters)". */
const CAPTION_START = /^(?:file photo|archive photo|foto de archivo|photo d['’]archives)\s*:/iu;
const CAPTION_END = new RegExp(
  `(?:[([]\\s*(?:${CREDIT_LABELS.join('|')})\\s*:[^)\\]]{1,80}[)\\]]` +
    `|\\b(?:${PICTURE_AGENCIES.toUpperCase()})/[\\p{L} .'’-]{2,40}(?:/file photo)?` +
    `|\\b(?:photo|picture|image)s? by [\\p{L} .'’-]{2,40}/(?:${PICTURE_AGENCIES})` +
    `|\\bvia getty images|\\b(?:photo|foto|image|picture)s?\\s*:\\s*[\\p{L} .'’/-]{2,50})\\.?$`,
  'iu',
);
const PHOTO_ONLY =
  /^(?:(?:file )?(?:photo|picture|image|foto|bild)(?: by| courtesy of| credit)?\s+[\p{L} .'’-]{2,40}\/[\p{L} .'’-]{2,30}|representative (?:image|picture|photo)|image (?:caption|copyright|source)[, :].{0,80}|this is a photo gallery.{0,80}|(?:see|view) more .{0,40}photo galler(?:y|ies).{0,120})$/iu;

const NAME =
  "\\p{Lu}[\\p{L}.'’-]*(?:\\s+(?:\\p{Lu}[\\p{L}.'’-]*|de|da|van|von|der|al|el|bin|ibn|la|le|di))*";
const NOT_A_NAME =
  /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|then|now|the|a|an|this|that|late|early|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo)\b/iu;
const AFFILIATION = "(?:(?:avec|with|con|mit|und|and|et|y)\\s+)?\\p{Lu}[\\p{L}\\p{N} .&'’-]{1,49}";
const BYLINE = new RegExp(
  `^(?:${BYLINE_LEADS.join('|')})\\s*:?\\s+(${NAME})(?:\\s*(?:,|and|und|et|y|&)\\s*(?:${NAME}))*` +
    `(?:\\s*(?:,|-|–|—|\\||\\bin\\b|\\bfor\\b|\\bfür\\b)\\s*${AFFILIATION}|\\s*\\(${AFFILIATION}\\))?` +
    `(?:\\s*(?:in|on|am|le|el)\\s+[\\p{L}\\p{N} ,:.·-]{2,60})?\\s*[.;]?$`,
  'u',
);
const BYLINE_CI = new RegExp(BYLINE.source, 'iu');
const WIRE_LINE = new RegExp(`^[-–—(]*\\s*(?:${WIRES})\\s*[)]?\\.?$`, 'iu');
/** Credits at the foot: "Reporting by X; Editing by Y", "(This story has been refiled...)". */
const EDIT_CREDIT =
  /^\(?(?:(?:additional )?reporting by|writing by|editing by|compiled by|with reporting from|with (?:additional )?reporting by)\b.{0,160}\)?\.?$|^\(?this (?:story|article|report) (?:has been|was) (?:refiled|updated|corrected|amended).{0,120}\)?\.?$/iu;
/** Agency desk codes: "mg/dpa/afp", "dpa/AFP", "(AFP/Reuters)". */
const DESK_CODES = /^\(?[\p{L}]{1,6}(?:\s*\/\s*[\p{L}]{2,8}){1,4}\)?$/u;
/** A signature in braces: "{Name-Outlet.com}". */
const BRACED = /^\{[^{}]{2,60}\}$/u;
/** A feed re-poster's source line: "from Reuters: Top News http://...". */
const LINK_ONLY = /^from .{1,60}\shttps?:\/\/\S+$/iu;
const WORD = /[\p{L}\p{N}]+(?:\.[\p{L}])?/gu;
const TIME_WORD = new Set(TIME_WORDS);
const TIME_ANCHOR = new RegExp(`^(?:${TIME_ANCHORS})$`, 'iu');
const NUMERIC = /^(?:\d{1,4}(?:st|nd|rd|th|er|e|d|h|m|w|y|s|mo|min|mins|hr|hrs)?|\d{1,2}h\d{2})$/iu;
const COOKIE = /\bcookies?\b/iu;
const COOKIE_PLEA =
  /\b(?:accept|agree|consent|by continuing|we use|we and our partners|this (?:site|website) uses|our use of|privacy policy|verwendet cookies|nutzt cookies|akzeptier|einverstanden|utilise des cookies|utilisons des cookies|accepte[rz]?|utiliza cookies|usamos cookies|acept|использует|соглаш)/iu;

/**
 * A time stamp: every word a date or time word or a number. `stamped` when a word says so
 * ("ago", "updated", "vor", "назад"); a bare date or time otherwise.
 */
function timeStamp(line: string): 'stamped' | 'bare' | null {
  if (line.length > 90 || line.startsWith('(')) return null;
  const words = line.match(WORD);
  if (!words || words.length === 0) return null;
  let anchored = false;
  let numbered = false;
  let worded = false;
  for (const raw of words) {
    const w = raw.toLowerCase();
    if (NUMERIC.test(w)) {
      numbered ||= /\d/.test(w);
      worded ||= /\D/.test(w);
      continue;
    }
    if (!TIME_WORD.has(w)) return null;
    worded = true;
    anchored ||= TIME_ANCHOR.test(w);
  }
  // Lone numbers (a table's cells, a list's counts) are not time stamps.
  if (!worded || !numbered) return null;
  return anchored ? 'stamped' : 'bare';
}

/** A breadcrumb trail: "You are here: ...", or 2+ short crumbs behind separators. */
function isBreadcrumb(line: string): boolean {
  if (line.length > 160) return false;
  if (BREADCRUMB_LEAD.test(line)) return true;
  const crumbs = line.split(CRUMB_SEPARATOR);
  if (crumbs.length < 2) return false;
  if (crumbs.length === 2 && !line.includes('|') && !HOME.test(crumbs[0]!)) return false;
  for (const crumb of crumbs) {
    if (crumb.length === 0 || crumb.length > 40) return false;
    if (crumb.split(' ').length > 5) return false;
    // A crumb is a label, not a clause: no sentence punctuation, no lower-case run of words.
    if (/[.!?;]$/.test(crumb) && !/\d/.test(crumb)) return false;
    if (/^\p{Ll}+(?:\s\p{Ll}+){2,}/u.test(crumb)) return false;
  }
  return true;
}

function isByline(line: string): boolean {
  if (line.length > 110 || !BYLINE_CI.test(line)) return false;
  const m = BYLINE.exec(line.replace(/^\p{L}+/u, (w) => w.toLowerCase()));
  if (!m) return false;
  return !NOT_A_NAME.test(m[1]!);
}

/** Whether one line, judged alone, is page furniture rather than the article's own text. */
export function isInlineBoilerplate(line: string, heads = true): boolean {
  const len = line.length;
  if (len > 320) return false;
  if (len <= 240 && COOKIE.test(line) && COOKIE_PLEA.test(line)) return true;
  if (len > 200) return PLEA.test(line) || CAPTION_START.test(line);
  if (len <= 60 && (SKIP.test(line) || SHARE_LINE.test(line) || (heads && RELATED_HEAD.test(line))))
    return true;
  if (len <= 90 && (READ.test(line) || WIRE_LINE.test(line) || DESK_CODES.test(line))) return true;
  if (len <= 90 && (AGENCY_CREDIT.test(line) || BRACED.test(line))) return true;
  const stamp = timeStamp(line);
  if (stamp) return stamp === 'stamped';
  if (isBreadcrumb(line) || isByline(line)) return true;
  if (PLEA.test(line) || EDIT_CREDIT.test(line) || LINK_ONLY.test(line)) return true;
  if (CREDIT_LABEL.test(line) && len <= 120) return true;
  if (PHOTO_ONLY.test(line) || CAPTION_START.test(line) || CAPTION_END.test(line)) return true;
  return len <= 160 && RELATED_LINE.test(line) && !/[.!?]["”’»]?$/u.test(line);
}

/**
 * Drops inline boilerplate lines anywhere in an item; every other line is kept as it is. A bare
 * date or time ("Apr 6, 2022", "10 p.m.") goes only near the top or the foot, where pages print
 * their dates: inside the text it may be the article's own schedule. `heads: false` keeps the
 * heads of related-story blocks ("Related stories", "Most Read") for stripJunkLines, which cuts
 * the whole block below such a head.
 */
export function stripInlineBoilerplate(
  lines: string[],
  options: { heads?: boolean } = {},
): string[] {
  const last = lines.length - 1;
  const heads = options.heads ?? true;
  const out = lines.filter(
    (line, i) =>
      !isInlineBoilerplate(line, heads) &&
      !((i < 3 || i >= last - 1) && timeStamp(line) === 'bare'),
  );
  // Never empty an item: a text made only of such lines is left for the later stages to judge.
  return out.length > 0 ? out : lines;
}
