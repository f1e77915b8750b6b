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
