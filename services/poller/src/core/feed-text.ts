import { decodeHTML } from 'entities';

// Small coercions for values that come out of xml2js: a string, `{ _: text, $: attrs }`, an
// array of either, or a nested element object.

export type XmlValue = unknown;

export function textOf(value: XmlValue): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return textOf(value[0]);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v._ === 'string') return v._;
    // An element with children (e.g. xhtml content): join the text of its children.
    const parts: string[] = [];
    for (const [k, child] of Object.entries(v)) {
      if (k === '$') continue;
      const list = Array.isArray(child) ? child : [child];
      for (const c of list) {
        const t = textOf(c);
        if (t) parts.push(t);
      }
    }
    return parts.length ? parts.join(' ') : undefined;
  }
  return undefined;
}

export function attrsOf(value: XmlValue): Record<string, string> {
  const first = Array.isArray(value) ? value[0] : value;
  if (first && typeof first === 'object' && '$' in first) {
    const a = (first as { $: unknown }).$;
    if (a && typeof a === 'object') return a as Record<string, string>;
  }
  return {};
}

const TAG = /<\/?[a-zA-Z][a-zA-Z0-9:-]*(?:\s[^<>]*)?\/?>/g;

const NOT_TEXT = /<(script|style)\b|<!--/gi;

/**
 * Removes <script>/<style> elements (an unclosed one stays, its tag is dropped later) and
 * comments (an unterminated one ends at the next '>'), in one pass: the lazy regexes this
 * replaces rescanned the rest of the text from every unclosed opener.
 */
function dropScriptsAndComments(value: string): string {
  if (!value.includes('<')) return value;
  const lower = value.toLowerCase();
  const missing = new Set<string>();
  let out = '';
  let from = 0;
  NOT_TEXT.lastIndex = 0;
  for (let m = NOT_TEXT.exec(value); m; m = NOT_TEXT.exec(value)) {
    const name = m[1]?.toLowerCase();
    let end = -1;
    if (name) {
      if (missing.has(name)) continue;
      const close = lower.indexOf(`</${name}`, NOT_TEXT.lastIndex);
      const gt = close < 0 ? -1 : value.indexOf('>', close);
      if (gt < 0) {
        missing.add(name);
        continue;
      }
      end = gt + 1;
    } else {
      const close = missing.has('--') ? -1 : value.indexOf('-->', NOT_TEXT.lastIndex);
      if (close < 0) missing.add('--');
      const gt = close >= 0 ? close + 3 : value.indexOf('>', NOT_TEXT.lastIndex) + 1;
      end = gt > 0 ? gt : value.length;
    }
    out += value.slice(from, m.index);
    from = end;
    NOT_TEXT.lastIndex = end;
  }
  return out + value.slice(from);
}

/** A title or name as plain text: tags dropped, HTML entities decoded, whitespace collapsed. */
export function plainText(value: string | undefined): string {
  if (!value) return '';
  // Scripts, styles and comments are not text (an unterminated comment ends at the next '>').
  let text = dropScriptsAndComments(value).replace(TAG, ' ');
  if (/&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i.test(text)) text = decodeHTML(text);
  return text.replace(/[ \t\r\n]+/g, ' ').trim();
}

/** True when a string contains markup worth calling HTML. */
export function looksLikeHtml(value: string): boolean {
  return /<\/?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?\/?>|&(?:#\d+|#x[0-9a-f]+|[a-z]+);/i.test(value);
}
