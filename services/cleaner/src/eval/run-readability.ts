import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

// The named alternative: Mozilla Readability.js on a linkedom document, text content only.

export function extractWithReadability(html: string): string {
  try {
    const { document } = parseHTML(html);
    const article = new Readability(document as never).parse();
    return article?.textContent ?? '';
  } catch {
    return '';
  }
}

/** Readability's article as lines: one per paragraph-level element of its cleaned HTML. */
export function extractLinesWithReadability(html: string): string[] {
  try {
    const { document } = parseHTML(html);
    const article = new Readability(document as never).parse();
    if (!article?.content) return [];
    const { document: out } = parseHTML(`<html><body>${article.content}</body></html>`);
    const lines: string[] = [];
    for (const el of out.querySelectorAll('p, li, h1, h2, h3, h4, h5, h6, figcaption, pre'))
      lines.push((el.textContent ?? '').replace(/\s+/g, ' ').trim());
    return lines.filter(Boolean);
  } catch {
    return [];
  }
}
