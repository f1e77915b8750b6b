import { parseDocument } from 'htmlparser2';
import type { ChildNode } from 'domhandler';

// Equivalence rules the feed eval uses where feedparser's output and Faultline's differ only in
// spelling, not in meaning:
// - markup (content, summary, description): the same HTML tree. Attribute order and quoting,
//   `<br/>` vs `<br />`, character references vs characters and xmlns declarations (feedparser's
//   sanitiser re-serialises with sorted attributes and adds namespace declarations; Faultline
//   keeps the publisher's markup and leaves sanitising to the cleaner) do not count;
// - links: the same URL after WHATWG parsing (host names are case-insensitive).

function canonical(nodes: ChildNode[]): string {
  let out = '';
  for (const n of nodes) {
    if (n.type === 'text') out += n.data.replace(/\s+/g, ' ');
    else if (n.type === 'tag' || n.type === 'script' || n.type === 'style') {
      const attrs = Object.entries(n.attribs)
        .filter(([k]) => k !== 'xmlns' && !k.startsWith('xmlns:'))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => ` ${k}="${v}"`)
        .join('');
      out += `<${n.name}${attrs}>${canonical(n.children)}</${n.name}>`;
    } else if (n.type === 'cdata') out += canonical(n.children);
  }
  return out;
}

export function canonicalMarkup(html: string): string {
  const doc = parseDocument(html, { decodeEntities: true, recognizeSelfClosing: true });
  return canonical(doc.children).trim();
}

export function sameMarkup(a: string, b: string): boolean {
  return a.trim() === b.trim() || canonicalMarkup(a) === canonicalMarkup(b);
}

export function sameLink(a: string, b: string): boolean {
  if (a.trim() === b.trim()) return true;
  try {
    return new URL(a.trim()).href === new URL(b.trim()).href;
  } catch {
    return false;
  }
}
