import { parseDocument } from 'htmlparser2';
import render from 'dom-serializer';
import { stripNoise } from './markup-budget.ts';

// The lenient second attempt for feeds a strict XML parser refuses (mismatched or unclosed
// tags, a truncated body, a feed wrapped in an XHTML page). htmlparser2 in XML mode builds a
// tree from anything, and serialising that tree gives well-formed XML.

const ROOT = /<(rss|feed|rdf:RDF)[\s>]/i;

/** The feed element cut out of a document that wraps it (e.g. a feed inside <html><body>). */
export function extractFeedElement(text: string): string | null {
  const first = /<([A-Za-z][\w.:-]*)[\s>/]/.exec(stripNoise(text, true));
  const root = first?.[1]?.toLowerCase();
  if (!root || root === 'rss' || root === 'feed' || root === 'rdf:rdf') return null;
  const m = ROOT.exec(text);
  if (!m) return null;
  const name = m[1]!;
  const end = text.lastIndexOf(`</${name}>`);
  return end > m.index ? text.slice(m.index, end + name.length + 3) : text.slice(m.index);
}

/** Re-serialises loosely parsed markup as well-formed XML (CDATA kept, tags closed). */
export function repairXml(text: string): string {
  const doc = parseDocument(text, { xmlMode: true, recognizeCDATA: true, decodeEntities: true });
  return render(doc, { xmlMode: true, encodeEntities: 'utf8', selfClosingTags: true });
}
