import { decodeHTML } from 'entities';
import { demoronize } from './decode-feed.ts';
import { splitSections } from './markup-budget.ts';

// Makes decoded feed text safe and palatable for a strict XML parser (rss-parser -> xml2js ->
// sax), without ever expanding an entity the document defines itself:
// - drops a BOM and any junk before the first '<' (rss-parser fails on both);
// - removes the DOCTYPE with its internal subset, so no ENTITY declaration survives (billion
//   laughs and external entities cannot expand: their references become literal text);
// - rewrites HTML named entities (&nbsp; &eacute; ...) as numeric references, turns unknown
//   ones and bare ampersands into &amp;, outside CDATA sections and comments;
// - strips control characters XML 1.0 forbids.

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
/** Where the XHTML 1.0 entity sets (the ones XML feeds were written against) differ from HTML5. */
const XHTML_OVERRIDES: Record<string, string> = { lang: '\u2329', rang: '\u232a' };
// eslint-disable-next-line no-control-regex -- stripping the control characters XML 1.0 forbids
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export interface PreparedXml {
  text: string;
  /** True when the document declared a DOCTYPE (its entities were dropped, not expanded). */
  hadDoctype: boolean;
  /** Number of entity references rewritten (HTML names, unknown names, bare &). */
  entitiesFixed: number;
}

/** Removes `<!DOCTYPE ... [ ... ]>` including an internal subset, wherever it appears. */
function stripDoctype(text: string): { text: string; found: boolean } {
  const start = text.search(/<!DOCTYPE/i);
  if (start < 0) return { text, found: false };
  // Only a DOCTYPE in the prolog: "<!DOCTYPE" inside CDATA or after the root is content.
  if (/<[A-Za-z]|<!\[CDATA\[/.test(text.slice(0, start))) return { text, found: false };
  let i = start + 9;
  let depth = 0;
  let quote: string | null = null;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === '>' && depth === 0) break;
  }
  return { text: text.slice(0, start) + text.slice(i + 1), found: true };
}

const ENTITY_REF = /&(?:(#\d{1,7}|#[xX][0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9._-]{0,31}));?|&/g;

function fixEntities(segment: string, counter: { n: number }): string {
  return segment.replace(
    ENTITY_REF,
    (match, numeric: string | undefined, name: string | undefined) => {
      if (numeric !== undefined) {
        const cp =
          numeric[1] === 'x' || numeric[1] === 'X'
            ? parseInt(numeric.slice(2), 16)
            : Number(numeric.slice(1));
        const c1 = cp >= 0x80 && cp <= 0x9f ? demoronize(String.fromCharCode(cp)) : null;
        if (c1 && c1.charCodeAt(0) !== cp) {
          counter.n++;
          return `&#${c1.codePointAt(0)};`;
        }
        const norm = numeric.replace('X', 'x');
        if (match.endsWith(';') && norm === numeric) return match;
        counter.n++;
        return `&${norm};`;
      }
      if (name !== undefined) {
        if (XML_ENTITIES.has(name) && match.endsWith(';')) return match;
        const decoded =
          XHTML_OVERRIDES[name] ?? decodeHTML(match.endsWith(';') ? match : `${match};`);
        counter.n++;
        if (decoded && !decoded.startsWith('&'))
          return [...decoded].map((ch) => `&#${ch.codePointAt(0)};`).join('');
        return `&amp;${match.slice(1)}`;
      }
      counter.n++;
      return '&amp;';
    },
  );
}

const NAMESPACES: Array<[RegExp, string]> = [
  [/^http:\/\/www\.w3\.org\/2005\/Atom\/?$/, ''],
  [/^http:\/\/purl\.org\/atom\/ns#$/, ''],
  [/^http:\/\/purl\.org\/rss\/1\.0\/?$/, ''],
  [/^http:\/\/backend\.userland\.com\/rss2?\/?$/, ''],
  [/^http:\/\/www\.w3\.org\/1999\/02\/22-rdf-syntax-ns#$/, 'rdf'],
];

/**
 * rss-parser matches element names literally (`feed`, `entry`, `rdf:RDF`): rename elements in
 * the Atom / RSS 1.0 namespaces bound to an unusual prefix (`<a:feed xmlns:a=".../Atom">`).
 */
function normalizePrefixes(text: string): string {
  const renames = new Map<string, string>();
  for (const m of text.matchAll(/xmlns:([A-Za-z_][\w.-]*)\s*=\s*["']([^"']+)["']/g)) {
    const prefix = m[1]!;
    const wanted = NAMESPACES.find(([re]) => re.test(m[2]!))?.[1];
    if (wanted === undefined || prefix === wanted || renames.has(prefix)) continue;
    renames.set(prefix, wanted ? `${wanted}:` : '');
  }
  if (renames.size === 0) return text;
  // One pass whatever the number of declarations (one replace per prefix was quadratic).
  return text.replace(/<(\/?)([A-Za-z_][\w.-]*):/g, (match, slash: string, prefix: string) => {
    const to = renames.get(prefix);
    return to === undefined ? match : `<${slash}${to}`;
  });
}

export function prepareXml(decoded: string): PreparedXml {
  let text = decoded.replace(/^\ufeff/, '');
  const first = text.indexOf('<');
  if (first > 0) text = text.slice(first);
  const doctype = stripDoctype(text);
  text = doctype.text.replace(CONTROL, '');
  const counter = { n: 0 };
  // Split out CDATA sections and comments; fix entities only in the markup between them.
  const parts = splitSections(text);
  for (let i = 0; i < parts.length; i += 2) parts[i] = fixEntities(parts[i]!, counter);
  return {
    text: normalizePrefixes(parts.join('')),
    hadDoctype: doctype.found,
    entitiesFixed: counter.n,
  };
}
