import { createScanner, type HtmlScanner, type ScanHandlers } from './scan-html.ts';
import { normalizeLine } from './normalize-text.ts';

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

const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'iframe',
  'select',
  'option',
  'button',
  'textarea',
  'head',
  'nav',
  'figure',
  'figcaption',
  'picture',
  'video',
  'audio',
  'canvas',
  'object',
  'embed',
  'map',
  'dialog',
  'menu',
  'input',
  'label',
]);
const BLOCK = new Set([
  'p',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'blockquote',
  'pre',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'aside',
  'table',
  'tr',
  'td',
  'th',
  'tbody',
  'thead',
  'tfoot',
  'caption',
  'form',
  'fieldset',
  'address',
  'hr',
  'br',
  'body',
  'html',
  'center',
  'details',
  'summary',
  'legend',
  'hgroup',
]);
const VOID = new Set([
  'basefont',
  'command',
  'frame',
  'image',
  'keygen',
  'br',
  'hr',
  'img',
  'meta',
  'link',
  'input',
  'source',
  'wbr',
  'area',
  'col',
  'base',
  'embed',
  'param',
  'track',
]);
const NEGATIVE_TAGS = new Set(['aside', 'footer', 'header', 'form']);

const NEG_HINT =
  /(?:^|[-_\s])(comments?|footer|related|share|sharing|social|sidebar|nav|navbar|navigation|menu|promos?|newsletter|subscribe|subscription|signup|cookies?|consent|ads?|advert\w*|sponsor\w*|byline|authors?|caption|credits?|tags|breadcrumbs?|widget|popular|trending|recommend\w*|recirc\w*|more-?stories|most-?read|outbrain|taboola|masthead|toolbar|pagination|pager|disclaimer|copyright|modal|popup|overlay|print|dateline|timestamp|rail|teasers?|tools|login|paywall|bio|contributor|inline-?related|read-?more|also-?read|topics|keywords|gallery|slideshow|video-?player|rating|shop|affiliate|jump|toc)(?:[-_\s]|$)/;
/** Boilerplate names that stay boilerplate however much prose they hold (reader comments). */
const STRONG_NEG_HINT =
  /(?:^|[-_\s])(comments?|comment-?list|respond|replies|disqus|related|recirc\w*|outbrain|taboola|more-?stories|most-?read|trending|recommend\w*)(?:[-_\s]|$)/;
const POS_HINT =
  /(?:^|[-_\s])(article|body|content|entry|main|post|story|text|blog|prose|rich-?text|articlebody|story-?body|article-?body|post-?content|entry-?content)(?:[-_\s]|$)/;
/** The only attributes the tokenizer reads. */
const READ_ATTRIBUTES = new Set(
  'class id role itemprop style hidden aria-hidden lang type datetime content property name'.split(
    ' ',
  ),
);
const HIDDEN_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;

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
  writeSkippingRaw(html, parser, meta);
  parser.end();
  flush();
  return { nodes, blocks, meta };
}

/** Elements whose whole content is never text: skipped by string search, never tokenized. */
const RAW_OPEN =
  /<(script|style|svg|noscript|template|textarea|nav|figure|picture|select)\b|<!--/gi;
/** Skipped elements that may nest (the others end at their first closing tag). */
const NESTING = new Set(['nav', 'figure', 'picture', 'select']);
const RAW_CLOSE: Record<string, RegExp> = {};
const JSON_LD = /type\s*=\s*["']?application\/ld\+json/i;

/**
 * Feeds the parser everything but scripts, styles, inline SVG, comments and the like (over half
 * of a typical news page's bytes), found with the regex engine's fast scan instead of the
 * character-by-character tokenizer. JSON-LD script bodies are read into the metadata here.
 */
function writeSkippingRaw(html: string, parser: HtmlScanner, meta: PageMeta): void {
  let from = 0;
  RAW_OPEN.lastIndex = 0;
  for (let m = RAW_OPEN.exec(html); m; m = RAW_OPEN.exec(html)) {
    // The opening tag ends at the next '>' (found with indexOf: a regex `[^>]*>` rescans to the
    // end for every '<script' that never closes, quadratic in the page).
    const gt = m[1] === undefined ? -1 : html.indexOf('>', m.index + m[0].length);
    if (m[1] !== undefined && gt < 0) break; // no tag can close after this point
    if (m.index > from) parser.write(html.slice(from, m.index));
    const attributes = m[1] === undefined ? '' : html.slice(m.index + m[0].length, gt);
    const bodyStart = m[1] === undefined ? m.index + m[0].length : gt + 1;
    let end: number;
    let bodyEnd: number;
    if (m[1] === undefined) {
      bodyEnd = html.indexOf('-->', bodyStart);
      end = bodyEnd < 0 ? html.length : bodyEnd + 3;
    } else if (attributes.endsWith('/')) {
      bodyEnd = end = bodyStart;
    } else {
      const tag = m[1].toLowerCase();
      if (NESTING.has(tag)) {
        // Navigation, figures and pickers hold no article text (the tokenizer skips them too):
        // a stub keeps the implied closes their opening tag causes.
        end = closeOfNested(html, tag, bodyStart);
        parser.write(`<${tag}></${tag}>`);
        from = end;
        RAW_OPEN.lastIndex = end;
        continue;
      }
      const close = (RAW_CLOSE[tag] ??= new RegExp(`</${tag}\\s*>`, 'gi'));
      close.lastIndex = bodyStart;
      const c = close.exec(html);
      bodyEnd = c ? c.index : html.length;
      end = c ? c.index + c[0].length : html.length;
      if (tag === 'script' && JSON_LD.test(attributes))
        meta.jsonLd.push(html.slice(bodyStart, bodyEnd));
    }
    from = end;
    RAW_OPEN.lastIndex = end;
  }
  if (from < html.length) parser.write(html.slice(from));
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 32) return false;
  return true;
}

const NESTED_TAG: Record<string, RegExp> = {};

/** The end of the element opened just before `from`, counting nested ones of the same name. */
function closeOfNested(html: string, tag: string, from: number): number {
  const re = (NESTED_TAG[tag] ??= new RegExp(`<(/?)${tag}\\b`, 'gi'));
  re.lastIndex = from;
  let depth = 1;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const gt = html.indexOf('>', m.index + m[0].length);
    if (gt < 0) break;
    depth += m[1] ? -1 : 1;
    if (depth === 0) return gt + 1;
    re.lastIndex = gt + 1;
  }
  return html.length;
}

function hintOf(tag: string, attribs: Record<string, string>): number {
  const role = attribs.role;
  if (
    role === 'navigation' ||
    role === 'complementary' ||
    role === 'contentinfo' ||
    role === 'banner'
  )
    return -1;
  const itemprop = attribs.itemprop;
  if (itemprop === 'articleBody' || role === 'main' || tag === 'article' || tag === 'main')
    return 1;
  // aside and footer are semantic: never the article, however much text they hold. header and
  // form are weaker (ASP.NET pages wrap the whole page in one form).
  if (tag === 'aside' || tag === 'footer') return -2;
  if (NEGATIVE_TAGS.has(tag)) return -1;
  const cls = attribs.class;
  const id = attribs.id;
  if (!cls && !id) return 0;
  const key = id ? `${cls ?? ''} ${id}` : cls!;
  let hint = hintCache.get(key);
  if (hint === undefined) {
    hint = hintOfKey(key.toLowerCase());
    if (hintCache.size > 20_000) hintCache.clear();
    hintCache.set(key, hint);
  }
  return hint;
}

/** Pages repeat the same class lists many times: each distinct one is matched once. */
const hintCache = new Map<string, number>();

function hintOfKey(key: string): number {
  if (key.length < 2) return 0;
  if (NEG_HINT.test(key)) return STRONG_NEG_HINT.test(key) ? -2 : -1;
  if (POS_HINT.test(key)) return 1;
  return 0;
}

function readMeta(meta: PageMeta, attribs: Record<string, string>): void {
  const key = (attribs.property ?? attribs.name ?? attribs.itemprop ?? '').toLowerCase();
  const content = attribs.content;
  if (key && content && meta.meta[key] === undefined) meta.meta[key] = normalizeLine(content);
}
