import type { RawItem } from '@faultline/shared/schemas';
import { extractArticle } from './extract-article.ts';
import { normalizeLine, splitTextLines, tokenizeWords } from './normalize-text.ts';
import { stripJunkLines } from './strip-junk-lines.ts';
import { stripInlineBoilerplate } from './strip-inline-boilerplate.ts';
import { detectLanguage, type Language } from './detect-language.ts';
import { readPageMeta, type ArticleMeta } from './read-page-meta.ts';
import { signText, type TextSignature } from './sign-text.ts';

// The cleaner's pure core: a RawItem (plus, optionally, the fetched article page) in, the
// article's own text out, normalised, with language and fingerprints. No I/O.

export interface CleanOptions {
  /** The full article page, when the adapter fetched it (`fullText` feeds). */
  page?: string;
}

export interface CleanCore {
  title: string;
  lead?: string;
  paragraphs: string[];
  text: string;
  author?: string;
  publishedAt: string;
  language: Language;
  contentHash: string;
  signature: TextSignature;
}

export type CleanResult =
  { ok: true; value: CleanCore } | { ok: false; reason: string; detail: string };

const FULL_PAGE = /<(html|body|head)[\s>]/i;

export function cleanItem(raw: RawItem, options: CleanOptions = {}): CleanResult {
  let meta: ArticleMeta = {};
  let paragraphs: string[];
  const fromFeed = () => extractContent(raw.content, raw.contentType);
  if (options.page) {
    const page = extractArticle(options.page);
    meta = readPageMeta(page.page.meta);
    // Full pages: the page structure (links, containers, hints) decides; line heuristics meant
    // for plain text would cut the article's own numbered lists.
    paragraphs = stripInlineBoilerplate(page.paragraphs);
    const feed = fromFeed();
    if (wordCount(feed.paragraphs) > wordCount(paragraphs)) paragraphs = feed.paragraphs;
  } else {
    const feed = fromFeed();
    meta = feed.meta;
    paragraphs = feed.paragraphs;
  }
  if (paragraphs.length === 0 && raw.summary)
    paragraphs = extractContent(raw.summary, 'html').paragraphs;
  const title = normalizeLine(raw.title) || meta.title || '';
  if (paragraphs.length > 0 && title && sameText(paragraphs[0]!, title))
    paragraphs = paragraphs.slice(1);
  const text = paragraphs.join('\n\n');
  if (!text && !title)
    return { ok: false, reason: 'empty-text', detail: 'no title and no article text' };
  const signature = signText(text || title);
  const author = raw.author ? normalizeLine(raw.author) : meta.author;
  const value: CleanCore = {
    title,
    paragraphs,
    text,
    publishedAt: raw.dateMissing && meta.publishedAt ? meta.publishedAt : raw.publishedAt,
    language: detectLanguage(`${title}\n${text}`, raw.languageHint ?? meta.lang),
    contentHash: signature.contentHash,
    signature,
  };
  if (paragraphs[0]) value.lead = paragraphs[0];
  if (author) value.author = author;
  return { ok: true, value };
}

function extractContent(
  content: string,
  type: 'html' | 'text',
): { paragraphs: string[]; meta: ArticleMeta } {
  if (type === 'text' && !/<(p|br|div)[\s/>]/i.test(content))
    return {
      paragraphs: stripLines(splitTextLines(content), 3),
      meta: {},
    };
  const page = extractArticle(content);
  const meta = FULL_PAGE.test(content.slice(0, 2000)) ? readPageMeta(page.page.meta) : {};
  // Paragraph text from HTML can still carry a plain-text headline block.
  const lines = page.paragraphs.flatMap((p) => (p.includes('\n') ? splitTextLines(p) : [p]));
  return { paragraphs: stripLines(lines, 4), meta };
}

/**
 * Inline furniture first (a time stamp or share prompt under a headline block would hide the
 * block's end), with related-story heads left for the tail cut, then any head left inline.
 */
function stripLines(lines: string[], minWeakRun: number): string[] {
  const body = stripJunkLines(stripInlineBoilerplate(lines, { heads: false }), minWeakRun);
  return stripInlineBoilerplate(body);
}

const wordCount = (paragraphs: string[]) => paragraphs.reduce((n, p) => n + p.split(' ').length, 0);

function sameText(a: string, b: string): boolean {
  return tokenizeWords(a).join(' ') === tokenizeWords(b).join(' ');
}
