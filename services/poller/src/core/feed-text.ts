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

/** A title or name as plain text: tags dropped, HTML entities decoded, whitespace collapsed. */
export function plainText(value: string | undefined): string {
  if (!value) return '';
  // Scripts, styles and comments are not text (an unterminated comment ends at the next '>').
  let text = value
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!--[\s\S]*?-->|<!--[^>]*>/g, '')
    .replace(TAG, ' ');
  if (/&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i.test(text)) text = decodeHTML(text);
  return text.replace(/[ \t\r\n]+/g, ' ').trim();
}

/** True when a string contains markup worth calling HTML. */
export function looksLikeHtml(value: string): boolean {
  return /<\/?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?\/?>|&(?:#\d+|#x[0-9a-f]+|[a-z]+);/i.test(value);
}
