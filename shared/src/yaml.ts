import { CST, Lexer, parse } from 'yaml';

// YAML from files people write (config, rules, feed lists), parsed within bounds. The yaml
// package composes nested collections recursively: a few thousand `[` make it overflow the
// stack, and V8 can abort the whole process (not throw) when a regular expression is compiled
// that close to the limit. So the document's size and nesting are checked first, in one pass of
// yaml's own lexer (iterative, linear), before anything is composed.

export interface YamlLimits {
  /** Largest document accepted, in UTF-16 code units (default 1 MiB). */
  maxChars?: number;
  /** Deepest nesting of flow collections and block indentation levels (default 64). */
  maxDepth?: number;
}

export class YamlLimitError extends Error {
  override name = 'YamlLimitError';
}

const OPEN = new Set(['flow-map-start', 'flow-seq-start']);
const CLOSE = new Set(['flow-map-end', 'flow-seq-end']);

/**
 * Parses one YAML document, refusing (with a YamlLimitError) one larger or deeper than the
 * limits; a syntax error throws yaml's own error. Aliases stay capped by yaml's maxAliasCount.
 */
export function parseYamlBounded(text: string, limits: YamlLimits = {}): unknown {
  const maxChars = limits.maxChars ?? 1024 * 1024;
  const maxDepth = limits.maxDepth ?? 64;
  if (text.length > maxChars)
    throw new YamlLimitError(
      `document is ${text.length} characters, over the limit of ${maxChars}`,
    );
  let flow = 0;
  let col = 0; // column of the next token on its line
  let lineIndent = -1; // column of the line's first token other than spaces (-1: none yet)
  const levels: number[] = []; // columns of the block collections open at this point
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    if (type === 'newline') {
      col = 0;
      lineIndent = -1;
      continue;
    }
    if (type !== 'space' && lineIndent < 0) lineIndent = col;
    let at = -1; // the column of a block collection this token opens or continues
    if (type === 'seq-item-ind' || type === 'explicit-key-ind') at = col;
    else if (type === 'map-value-ind') at = lineIndent;
    else if (type && OPEN.has(type)) flow++;
    else if (type && CLOSE.has(type)) flow = Math.max(0, flow - 1);
    if (at >= 0) {
      while (levels.length && levels[levels.length - 1]! > at) levels.pop();
      if (!levels.length || levels[levels.length - 1]! < at) levels.push(at);
    }
    if (flow + levels.length > maxDepth)
      throw new YamlLimitError(`document nests deeper than ${maxDepth} levels`);
    const nl = token.lastIndexOf('\n');
    col = nl < 0 ? col + token.length : token.length - nl - 1;
  }
  return parse(text);
}
