import type { HtmlScanner } from './scan-html.ts';

// The block tokenizer's fast path: elements that never hold text are skipped by string search
// before the character-by-character scanner sees them.

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
 * character-by-character tokenizer. JSON-LD script bodies are added to `jsonLd`.
 */
export function writeSkippingRaw(html: string, parser: HtmlScanner, jsonLd: string[]): void {
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
      if (tag === 'script' && JSON_LD.test(attributes)) jsonLd.push(html.slice(bodyStart, bodyEnd));
    }
    from = end;
    RAW_OPEN.lastIndex = end;
  }
  if (from < html.length) parser.write(html.slice(from));
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
