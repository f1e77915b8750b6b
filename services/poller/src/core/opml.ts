import { parseDocument, DomUtils } from 'htmlparser2';
import type { Element } from 'domhandler';
import { encodeXML } from 'entities';
import type { FeedDef } from './feed-config.ts';
import { FeedAuth } from '@faultline/shared/state/feed-record';

// OPML 2.0 (https://opml.org/spec2.opml) subscription lists, the format every feed reader imports
// and exports. Reading is lenient in the ways real exports differ: Feedly, Inoreader and
// NetNewsWire write version 1.0/1.1 with folders as outlines without xmlUrl, Miniflux wraps
// everything in one folder, some omit type="rss" or title, and a feed may sit in two folders.
// A feed's tags are the names of the folders it sits in plus its OPML 2.0 `category` entries;
// Faultline's own settings (interval, full text, login references) travel as attributes in the
// Faultline namespace, which other readers ignore. Writing puts each feed in the folder of its
// first tag and lists every tag in `category`, so read(write(x)) gives x back.

export const FAULTLINE_OPML_NS = 'https://faultline.dev/ns/opml/1';
/** Largest OPML document read (a 10,000-feed export is about 3 MB). */
export const MAX_OPML_BYTES = 8 * 1024 * 1024;
const MAX_DEPTH = 64;

export interface OpmlFeed {
  url: string;
  name?: string;
  htmlUrl?: string;
  tags: string[];
  language?: string;
  intervalS?: number;
  fullText?: boolean;
  auth?: FeedAuth;
}

export type ParseOpmlResult =
  | {
      ok: true;
      title?: string;
      feeds: OpmlFeed[];
      skipped: Array<{ outline: string; why: string }>;
    }
  | { ok: false; error: string };

const attr = (el: Element, name: string): string | undefined => {
  const v = el.attribs[name]?.trim();
  return v ? v : undefined;
};

/** Reads an OPML subscription list. Feeds listed twice (two folders) are merged. */
export function parseOpml(text: string): ParseOpmlResult {
  if (Buffer.byteLength(text) > MAX_OPML_BYTES)
    return { ok: false, error: `larger than ${MAX_OPML_BYTES} bytes` };
  const doc = parseDocument(text, { xmlMode: true, decodeEntities: true });
  const root = DomUtils.findOne(
    (e) => e.name.toLowerCase() === 'opml',
    doc.children.filter((c): c is Element => c.type === 'tag'),
    false,
  );
  if (!root) return { ok: false, error: 'not an OPML document (no <opml> root element)' };
  const children = root.children.filter((c): c is Element => c.type === 'tag');
  const body = children.find((c) => c.name.toLowerCase() === 'body');
  if (!body) return { ok: false, error: 'an OPML document without <body>' };
  const head = children.find((c) => c.name.toLowerCase() === 'head');
  const titleEl = head?.children.find(
    (c): c is Element => c.type === 'tag' && c.name.toLowerCase() === 'title',
  );
  const title = titleEl ? DomUtils.textContent(titleEl).trim() : '';
  const ns = namespacePrefix(root);

  const byUrl = new Map<string, OpmlFeed>();
  const skipped: Array<{ outline: string; why: string }> = [];
  const walk = (el: Element, folders: string[], depth: number): void => {
    for (const c of el.children) {
      if (c.type !== 'tag' || c.name.toLowerCase() !== 'outline') continue;
      const label = attr(c, 'title') ?? attr(c, 'text');
      const xmlUrl = attr(c, 'xmlUrl') ?? attr(c, 'xmlurl');
      if (!xmlUrl) {
        const type = attr(c, 'type')?.toLowerCase();
        if (type === 'link' || type === 'include') {
          skipped.push({ outline: label ?? type, why: `type="${type}" is not a feed` });
          continue;
        }
        if (depth >= MAX_DEPTH) {
          skipped.push({ outline: label ?? '?', why: `nested deeper than ${MAX_DEPTH} folders` });
          continue;
        }
        walk(c, label ? [...folders, label] : folders, depth + 1);
        continue;
      }
      const feed = readFeed(c, xmlUrl, label, folders, ns);
      if (typeof feed === 'string') {
        skipped.push({ outline: label ?? xmlUrl, why: feed });
        continue;
      }
      const seen = byUrl.get(feed.url);
      if (seen) seen.tags = [...new Set([...seen.tags, ...feed.tags])];
      else byUrl.set(feed.url, feed);
    }
  };
  walk(body, [], 0);
  return { ok: true, ...(title ? { title } : {}), feeds: [...byUrl.values()], skipped };
}

/** The prefix the document binds to the Faultline namespace (`faultline` unless renamed). */
function namespacePrefix(root: Element): string | undefined {
  for (const [k, v] of Object.entries(root.attribs))
    if (k.startsWith('xmlns:') && v === FAULTLINE_OPML_NS) return k.slice('xmlns:'.length);
  return undefined;
}

function readFeed(
  el: Element,
  xmlUrl: string,
  label: string | undefined,
  folders: string[],
  ns: string | undefined,
): OpmlFeed | string {
  let url: URL;
  try {
    url = new URL(xmlUrl);
  } catch {
    return `xmlUrl is not a URL: ${xmlUrl.slice(0, 200)}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `xmlUrl must be http(s), not ${url.protocol}`;
  const categories = (attr(el, 'category') ?? '')
    .split(',')
    .map((c) => c.trim().replace(/^\/+/, '').replace(/\/+$/, ''))
    .filter(Boolean);
  const feed: OpmlFeed = { url: xmlUrl, tags: [...new Set([...folders, ...categories])] };
  if (label) feed.name = label;
  const html = attr(el, 'htmlUrl') ?? attr(el, 'htmlurl');
  if (html) feed.htmlUrl = html;
  const language = attr(el, 'language');
  if (language && language.toLowerCase() !== 'unknown') feed.language = language;
  if (ns) {
    const interval = Number(attr(el, `${ns}:intervalS`));
    if (Number.isInteger(interval) && interval > 0) feed.intervalS = interval;
    const fullText = attr(el, `${ns}:fullText`);
    if (fullText === 'true' || fullText === 'false') feed.fullText = fullText === 'true';
    const authText = attr(el, `${ns}:auth`);
    if (authText) {
      const auth = parseAuthAttr(authText);
      if (!auth) return `${ns}:auth must be "bearer env:NAME" or "basic <user> env:NAME"`;
      feed.auth = auth;
    }
  }
  return feed;
}

/** `bearer env:NAME` / `basic <user> env:NAME` (the form written by writeOpml). */
export function parseAuthAttr(text: string): FeedAuth | undefined {
  const parts = text.trim().split(/\s+/);
  const candidate =
    parts[0] === 'bearer' && parts.length === 2
      ? { type: 'bearer', token: parts[1] }
      : parts[0] === 'basic' && parts.length === 3
        ? { type: 'basic', username: parts[1], password: parts[2] }
        : undefined;
  const parsed = FeedAuth.safeParse(candidate);
  return parsed.success ? parsed.data : undefined;
}

export function formatAuthAttr(auth: FeedAuth): string {
  return auth.type === 'bearer'
    ? `bearer ${auth.token}`
    : `basic ${auth.username} ${auth.password}`;
}

export interface WriteOpmlOptions {
  title?: string;
  now?: Date;
}

/**
 * Writes registry feeds as OPML 2.0: one folder per first tag (feeds without tags at the top),
 * every tag in `category`, language, and Faultline's settings in its namespace.
 */
export function writeOpml(feeds: FeedDef[], opts: WriteOpmlOptions = {}): string {
  const q = (s: string) => encodeXML(s);
  const line = (f: FeedDef, indent: string) => {
    const name = f.name ?? f.url;
    const a: Array<[string, string]> = [
      ['type', 'rss'],
      ['text', name],
      ['title', name],
      ['xmlUrl', f.url],
    ];
    const cats = f.tags.filter((t) => !t.includes(','));
    if (cats.length) a.push(['category', cats.map((t) => `/${t}`).join(',')]);
    if (f.language) a.push(['language', f.language]);
    a.push(['faultline:intervalS', String(f.intervalS)]);
    if (f.fullText !== undefined) a.push(['faultline:fullText', String(f.fullText)]);
    if (f.auth) a.push(['faultline:auth', formatAuthAttr(f.auth)]);
    return `${indent}<outline ${a.map(([k, v]) => `${k}="${q(v)}"`).join(' ')}/>`;
  };
  const sorted = [...feeds].sort((a, b) => a.url.localeCompare(b.url));
  const folders = new Map<string, FeedDef[]>();
  const top: FeedDef[] = [];
  for (const f of sorted) {
    const first = f.tags[0];
    if (first === undefined) top.push(f);
    else folders.set(first, [...(folders.get(first) ?? []), f]);
  }
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<opml version="2.0" xmlns:faultline="${FAULTLINE_OPML_NS}">`,
    '  <head>',
    `    <title>${q(opts.title ?? 'Faultline feeds')}</title>`,
    `    <dateCreated>${(opts.now ?? new Date()).toUTCString()}</dateCreated>`,
    '    <docs>https://opml.org/spec2.opml</docs>',
    '  </head>',
    '  <body>',
  ];
  for (const [name, list] of [...folders].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(`    <outline text="${q(name)}" title="${q(name)}">`);
    for (const f of list) out.push(line(f, '      '));
    out.push('    </outline>');
  }
  for (const f of top) out.push(line(f, '    '));
  out.push('  </body>', '</opml>', '');
  return out.join('\n');
}
