// A linear pre-scan of feed markup, run before any tree-building parser sees it. The parsers we
// use cost more than linear time in nesting depth (htmlparser2 keeps its open-element stack
// with Array#unshift, sax/xml2js and dom-serializer recurse), so 100k nested unclosed tags took
// seconds and overflowed the stack. Real feeds nest a few dozen levels (an unclosed <br> or <p>
// in a description is closed again by its </description>); a document deeper than the budget is
// refused with a reason instead of being parsed.

export const MAX_DEPTH = 256;

export interface MarkupBudget {
  /** Deepest element nesting seen, as htmlparser2's XML mode would build it (capped). */
  depth: number;
  /** True when the depth went past the budget. */
  tooDeep: boolean;
}

const TAG = /<(\/?)([A-Za-z_][\w.:-]*)[^<>]*>|<!--|<!\[CDATA\[|<\?/g;

/**
 * Nesting depth as a tree builder that closes elements by name would see it: a close tag pops
 * up to its matching open element, a close tag with none is ignored. Comments, CDATA and
 * processing instructions are skipped. Linear: each step costs at most the budget.
 */
export function measureMarkup(text: string, maxDepth = MAX_DEPTH): MarkupBudget {
  const stack: string[] = new Array<string>(maxDepth + 1).fill('');
  let top = 0;
  let deepest = 0;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(text); m; m = TAG.exec(text)) {
    const token = m[0];
    if (token === '<!--' || token === '<![CDATA[' || token === '<?') {
      const end = text.indexOf(
        token === '<!--' ? '-->' : token === '<?' ? '?>' : ']]>',
        TAG.lastIndex,
      );
      if (end < 0) break;
      TAG.lastIndex = end + 2;
      continue;
    }
    if (token.endsWith('/>')) continue;
    const name = m[2]!;
    if (m[1]) {
      for (let i = top - 1; i >= 0; i--)
        if (stack[i] === name) {
          top = i;
          break;
        }
      continue;
    }
    if (top === maxDepth) return { depth: maxDepth + 1, tooDeep: true };
    stack[top++] = name;
    if (top > deepest) deepest = top;
  }
  return { depth: deepest, tooDeep: false };
}

const NOISE = /<!--|<\?|<!DOCTYPE[^<>]*>/gi;

/**
 * The text without comments and processing instructions (and DOCTYPE declarations when asked),
 * in one pass: an unterminated one runs to the end. Replaces `/<!--[\s\S]*?-->/g` style regexes,
 * which rescan the rest of the text from every unterminated opener (quadratic).
 */
export function stripNoise(text: string, doctype = false): string {
  let out = '';
  let from = 0;
  NOISE.lastIndex = 0;
  for (let m = NOISE.exec(text); m; m = NOISE.exec(text)) {
    const token = m[0];
    if (token !== '<!--' && token !== '<?') {
      if (!doctype) continue;
      out += text.slice(from, m.index);
      from = NOISE.lastIndex;
      continue;
    }
    out += text.slice(from, m.index);
    const end = text.indexOf(token === '<!--' ? '-->' : '?>', NOISE.lastIndex);
    if (end < 0) return out;
    from = end + (token === '<!--' ? 3 : 2);
    NOISE.lastIndex = from;
  }
  return out + text.slice(from);
}

/**
 * Splits text into markup and CDATA/comment sections, linearly: even indexes are markup, odd
 * ones whole sections (`<![CDATA[...]]>`, `<!--...-->`). An unterminated section is markup's
 * problem: it stays in the last markup part, as it would with the regex split this replaces.
 */
export function splitSections(text: string): string[] {
  const parts: string[] = [];
  const opener = /<!\[CDATA\[|<!--/g;
  let from = 0;
  for (let m = opener.exec(text); m; m = opener.exec(text)) {
    const close = m[0] === '<!--' ? '-->' : ']]>';
    const end = text.indexOf(close, opener.lastIndex);
    if (end < 0) break;
    parts.push(text.slice(from, m.index), text.slice(m.index, end + 3));
    from = end + 3;
    opener.lastIndex = from;
  }
  parts.push(text.slice(from));
  return parts;
}
