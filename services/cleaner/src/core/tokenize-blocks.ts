import { createScanner, type HtmlScanner, type ScanHandlers } from './scan-html.ts';
import { normalizeLine } from './normalize-text.ts';
import { BLOCK, HIDDEN_STYLE, READ_ATTRIBUTES, SKIP, VOID } from './html-elements.ts';
import { hintOf } from './element-hint.ts';
import { writeSkippingRaw } from './skip-raw-html.ts';

// One streaming pass over HTML (scan-html's tag scanner, no DOM): the page becomes a flat list of
// text blocks, each pointing at the element it sits in, plus a parent-pointer table of elements
// with their boilerplate hints, plus the page metadata (title, meta tags, JSON-LD).

export interface ElementNode {
  parent: number;
  tag: string;
  /** -2 strong / -1 weak boilerplate class/id/role, +1 content class/id, 0 neither. */
  hint: number;
}

export interface TextBlock {
  text: string;
  /** Characters of the text inside links. */
  linkChars: number;
  /** Innermost element holding the block. */
  node: number;
  /** Innermost block-level tag (p, li, h2, td, div ...). */
  tag: string;
  /** The element of that tag: lines split by <br> inside one paragraph share it. */
  blockNode: number;
  /** Element index order: blocks come in document order. */
  index: number;
}

export interface PageMeta {
  title?: string;
  h1?: string;
  meta: Record<string, string>;
  jsonLd: string[];
  lang?: string;
  timeDatetime?: string;
}

export interface TokenizedPage {
  nodes: ElementNode[];
  blocks: TextBlock[];
  meta: PageMeta;
}

/** Tokenizes a page (or fragment) into blocks and metadata in one streaming pass. */
export function tokenizeBlocks(html: string): TokenizedPage {
  const nodes: ElementNode[] = [{ parent: -1, tag: '#root', hint: 0 }];
  const blocks: TextBlock[] = [];
  const meta: PageMeta = { meta: {}, jsonLd: [] };
  const stack: number[] = [0];
  const tags: string[] = ['#root'];
  let skipDepth = 0;
  let linkDepth = 0;
  let parts: string[] = [];
  let linkChars = 0;
  let captureTitle: 'title' | 'h1' | 'jsonld' | null = null;
  let captured = '';

  /** Depth of the innermost block-level element on the stack (0: none). */
  const blockDepth = (): number => {
    for (let i = tags.length - 1; i > 0; i--) if (BLOCK.has(tags[i]!)) return i;
    return 0;
  };
  const flush = () => {
    if (parts.length === 0) return;
    const text = normalizeLine(parts.join(''), false);
    const chars = linkChars;
    parts = [];
    linkChars = 0;
    if (!text) return;
    const depth = blockDepth();
    blocks.push({
      text,
      linkChars: Math.min(chars, text.length),
      node: stack[stack.length - 1]!,
      tag: depth > 0 ? tags[depth]! : 'div',
      blockNode: stack[depth]!,
      index: blocks.length,
    });
  };

  const handlers: ScanHandlers = {
    onopentag(name, attribs) {
      if (name === 'meta') return void readMeta(meta, attribs);
      if (name === 'html' && attribs.lang) meta.lang = attribs.lang;
      if (name === 'title' && !meta.title) return void ((captureTitle = 'title'), (captured = ''));
      if (name === 'script' && attribs.type === 'application/ld+json') {
        captureTitle = 'jsonld';
        captured = '';
      }
      if (name === 'time' && attribs.datetime && !meta.timeDatetime)
        meta.timeDatetime = attribs.datetime;
      if (VOID.has(name)) {
        if (name === 'br' || name === 'hr') flush();
        return;
      }
      const hidden =
        attribs.hidden !== undefined ||
        attribs['aria-hidden'] === 'true' ||
        (attribs.style !== undefined && HIDDEN_STYLE.test(attribs.style));
      if (skipDepth > 0 || SKIP.has(name) || hidden) {
        skipDepth++;
        tags.push(name);
        stack.push(stack[stack.length - 1]!);
        return;
      }
      if (BLOCK.has(name)) flush();
      if (name === 'a') linkDepth++;
      if (name === 'h1' && !meta.h1) {
        captureTitle = 'h1';
        captured = '';
      }
      const hint = hintOf(name, attribs);
      nodes.push({ parent: stack[stack.length - 1]!, tag: name, hint });
      stack.push(nodes.length - 1);
      tags.push(name);
    },
    ontext(text) {
      if (captureTitle) captured += text;
      if (skipDepth > 0 || captureTitle === 'title') return;
      // Indentation between tags: nothing to keep until a block has started.
      if (parts.length === 0 && linkDepth === 0 && isBlank(text)) return;
      parts.push(text);
      if (linkDepth > 0) linkChars += text.replace(/\s+/g, ' ').length;
    },
    onclosetag(name) {
      if (captureTitle === 'title' && name === 'title') {
        meta.title = normalizeLine(captured, false);
        captureTitle = null;
      } else if (captureTitle === 'jsonld' && name === 'script') {
        meta.jsonLd.push(captured);
        captureTitle = null;
      } else if (captureTitle === 'h1' && name === 'h1') {
        meta.h1 = normalizeLine(captured, false);
        captureTitle = null;
      }
      if (VOID.has(name)) return;
      // Pop to the matching open tag (the scanner reports implied closes in order).
      if (tags.length <= 1) return;
      const top = tags[tags.length - 1];
      if (top !== name) return;
      if (skipDepth > 0) {
        skipDepth--;
        tags.pop();
        stack.pop();
        return;
      }
      if (BLOCK.has(name)) flush();
      if (name === 'a') linkDepth = Math.max(0, linkDepth - 1);
      tags.pop();
      stack.pop();
    },
  };
  const parser: HtmlScanner = createScanner(handlers, READ_ATTRIBUTES);
  writeSkippingRaw(html, parser, meta.jsonLd);
  parser.end();
  flush();
  return { nodes, blocks, meta };
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 32) return false;
  return true;
}

function readMeta(meta: PageMeta, attribs: Record<string, string>): void {
  const key = (attribs.property ?? attribs.name ?? attribs.itemprop ?? '').toLowerCase();
  const content = attribs.content;
  if (key && content && meta.meta[key] === undefined) meta.meta[key] = normalizeLine(content);
}
