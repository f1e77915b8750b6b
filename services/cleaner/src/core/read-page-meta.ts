import { normalizeLine } from './normalize-text.ts';
import type { PageMeta } from './tokenize-blocks.ts';

// Title, author and publication date from a page's meta tags and JSON-LD, in that order of trust.

export interface ArticleMeta {
  title?: string;
  author?: string;
  publishedAt?: string;
  lang?: string;
}

export function readPageMeta(meta: PageMeta): ArticleMeta {
  const ld = meta.jsonLd.flatMap(parseJsonLd);
  const article = ld.find(
    (o) => typeof o.headline === 'string' || typeof o.datePublished === 'string',
  );
  const title = meta.meta['og:title'] ?? str(article?.headline) ?? meta.h1 ?? meta.title;
  const author =
    meta.meta['author'] ??
    meta.meta['article:author'] ??
    authorName(article?.author) ??
    meta.meta['byl']?.replace(/^by\s+/i, '');
  const date =
    meta.meta['article:published_time'] ??
    str(article?.datePublished) ??
    meta.meta['datepublished'] ??
    meta.meta['date'] ??
    meta.timeDatetime;
  const out: ArticleMeta = {};
  if (title) out.title = normalizeLine(title);
  if (author && !/^https?:/.test(author)) out.author = normalizeLine(author);
  const iso = date ? toIso(date) : undefined;
  if (iso) out.publishedAt = iso;
  if (meta.lang) out.lang = meta.lang.slice(0, 2).toLowerCase();
  return out;
}

type Obj = Record<string, unknown>;

function parseJsonLd(text: string): Obj[] {
  try {
    const value: unknown = JSON.parse(text);
    const list = Array.isArray(value) ? value : [value];
    return list.flatMap((v) => {
      if (!v || typeof v !== 'object') return [];
      const graph = (v as Obj)['@graph'];
      return Array.isArray(graph)
        ? (graph.filter((g) => g && typeof g === 'object') as Obj[])
        : [v as Obj];
    });
  } catch {
    return [];
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

function authorName(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) {
    const names = v.map(authorName).filter((n): n is string => !!n);
    return names.length ? names.join(', ') : undefined;
  }
  if (v && typeof v === 'object') return str((v as Obj).name);
  return undefined;
}

function toIso(value: string): string | undefined {
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}
