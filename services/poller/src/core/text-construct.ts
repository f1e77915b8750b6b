import { DomUtils, ElementType } from 'htmlparser2';
import render from 'dom-serializer';
import type { ChildNode, Element } from 'domhandler';
import { plainText } from './feed-text.ts';

// Atom text constructs (title, subtitle, summary, content) and their RSS cousins read from the
// DOM htmlparser2 builds over the original text, so mixed content keeps its order (xml2js
// separates text from child elements and loses the order). Handles Atom 1.0 type="text|html|
// xhtml", Atom 0.3 type="<mime>" with mode="xml|escaped|base64", and naked inline markup.

export interface TextConstruct {
  /** The value as markup (kind 'html') or as plain text (kind 'text'). */
  value: string;
  kind: 'html' | 'text';
  /** The value reduced to plain text (for titles). */
  text: string;
}

/** Local name, lower-cased: `atom:Title` -> `title`. */
export function localName(el: Element): string {
  const name = el.name.toLowerCase();
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

export function childElements(el: Element): Element[] {
  return el.children.filter((c): c is Element => c.type === ElementType.Tag);
}

/** The first child element with this (lower-case) qualified or local name. */
export function childNamed(el: Element, ...names: string[]): Element | undefined {
  for (const name of names) {
    const byName = childElements(el).find((c) =>
      name.includes(':') ? c.name.toLowerCase() === name : c.name.toLowerCase() === name,
    );
    if (byName) return byName;
  }
  return undefined;
}

const collapse = (s: string) => s.replace(/[ \t\r\n]+/g, ' ').trim();

/** Text content without <script>/<style> bodies. */
function visibleText(nodes: ChildNode[]): string {
  let out = '';
  for (const n of nodes) {
    if (n.type === ElementType.Text || n.type === ElementType.CDATA) out += DomUtils.textContent(n);
    else if (n.type === ElementType.Tag && !/^(?:\w+:)?(script|style)$/i.test(n.name))
      out += visibleText(n.children);
  }
  return out;
}

/** Serialises the children of an inline-XML construct, unwrapping the XHTML <div> wrapper. */
function innerMarkup(el: Element): string {
  const kids = el.children.filter(
    (c) => !(c.type === ElementType.Text && !(c as { data: string }).data.trim()),
  );
  const only = kids.length === 1 ? kids[0] : undefined;
  const nodes: ChildNode[] =
    only && only.type === ElementType.Tag && (only as Element).name.toLowerCase().endsWith('div')
      ? (only as Element).children
      : el.children;
  return render(nodes, { xmlMode: true, encodeEntities: 'utf8', selfClosingTags: true })
    .replace(/\s+xmlns(:\w+)?="http:\/\/www\.w3\.org\/1999\/xhtml"/g, '')
    .trim();
}

function decodeBase64(text: string): string {
  try {
    return Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
  } catch {
    return text;
  }
}

/** Reads a text construct; `atom03` gives the Atom 0.3 defaults (mode="xml", type text/plain). */
export function readTextConstruct(el: Element): TextConstruct {
  const type = (el.attribs.type ?? '').toLowerCase().trim();
  const mode = (el.attribs.mode ?? '').toLowerCase().trim();
  const htmlType = type === 'html' || type === 'text/html';
  const xhtmlType = type === 'xhtml' || type.includes('xhtml') || type.endsWith('/xml');
  const hasElements = childElements(el).length > 0;
  if (mode === 'base64' || mode === 'escaped') {
    const raw =
      mode === 'base64' ? decodeBase64(DomUtils.textContent(el)) : DomUtils.textContent(el);
    const html = htmlType || xhtmlType || (mode === 'escaped' && type !== 'text/plain');
    return html
      ? { value: raw.trim(), kind: 'html', text: plainText(raw) }
      : { value: raw, kind: 'text', text: collapse(raw) };
  }
  if (hasElements && !htmlType) {
    // Inline XHTML (type="xhtml", Atom 0.3 mode="xml") or naked markup: keep it as markup.
    const value = innerMarkup(el);
    return { value, kind: 'html', text: collapse(visibleText(el.children)) };
  }
  const raw = DomUtils.textContent(el);
  if (htmlType || xhtmlType) return { value: raw.trim(), kind: 'html', text: plainText(raw) };
  return { value: raw, kind: 'text', text: collapse(raw) };
}
