import type { TextBlock } from './tokenize-blocks.ts';
import { isBoilerplateLine, isSentenceLike, type BlockClass } from './classify-blocks.ts';

// The second half of main-text extraction (extract-article.ts): once the container is chosen,
// which of its blocks are the article. Prose stays; short blocks stay between and after the
// prose unless link-heavy, and before it only when they read as sentences touching the prose;
// teaser runs (story lists) and embedded posts are told apart.

export interface Scored {
  block: TextBlock;
  cls: BlockClass;
  /** Strongest boilerplate hint between the block and the container: 0, -1 or -2. */
  negative: number;
  /** Part of an embedded social post quoted by the article. */
  embed?: boolean;
}

/** The text of the container's blocks that belong to the article, in document order. */
export function smoothBlocks(items: Scored[]): string[] {
  const cls: BlockClass[] = items.map((s) =>
    s.negative < 0 && s.cls !== 'bad'
      ? s.negative === -1 && s.cls === 'good' && s.block.text.length > 400
        ? 'good'
        : 'bad'
      : s.cls,
  );
  markTeaserRuns(items, cls);
  const firstGood = cls.indexOf('good');
  const lastGood = cls.lastIndexOf('good');
  if (firstGood < 0) return items.filter((_, i) => cls[i] !== 'bad').map((s) => s.block.text);
  // Tables and schedules: their tiny cells (numbers, scores) belong to them too.
  if (isMostlyShortLines(items, cls))
    return items.filter((s, i) => cls[i] !== 'bad' || isTinyCell(s)).map((s) => s.block.text);
  const keep: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const c = cls[i]!;
    const { block } = items[i]!;
    if (items[i]!.embed && i > firstGood && i < lastGood) {
      keep.push(block.text);
      continue;
    }
    if (block.tag === 'h1') continue;
    if (c === 'bad') {
      if (i > firstGood && isLinkInParagraph(items, cls, i)) keep.push(block.text);
      continue;
    }
    if (c === 'good') {
      keep.push(block.text);
      continue;
    }
    if (i < firstGood || i > lastGood) {
      // Edges: only sentences directly touching the prose survive (a closing line, a short lead).
      if (
        i < firstGood &&
        (leadsIntoProse(items, cls, i, firstGood) || touchesProse(items, cls, i, firstGood, 60))
      )
        keep.push(block.text);
      // After the prose, link-free lines inside the container are the article's own (a list,
      // a closing note); links there are related-story teasers.
      if (i > lastGood && block.linkChars === 0) keep.push(block.text);
      continue;
    }
    const prev = neighbour(cls, i, -1);
    const next = neighbour(cls, i, 1);
    // Between prose: list items, table cells and short paragraphs stay unless link-heavy.
    if (block.linkChars * 3 < block.text.length) keep.push(block.text);
    else if (prev === 'good' && next === 'good') keep.push(block.text);
    else if ((prev === 'good' || next === 'good') && isSentenceLike(block.text))
      keep.push(block.text);
  }
  return keep;
}

/** A teaser: linked text (a headline) with a summary cut off by an ellipsis. */
const TRUNCATED = /(?:\.\.\.|…)\s*$/u;
const isTeaser = ({ block }: Scored) => block.linkChars > 0 && TRUNCATED.test(block.text);

/**
 * Three or more teasers in a row are a story list ("latest news", "more from this section"),
 * however long their summaries: the article's own paragraphs are not cut off mid-sentence.
 */
function markTeaserRuns(items: Scored[], cls: BlockClass[]): void {
  for (let i = 0; i < items.length;) {
    let j = i;
    while (j < items.length && isTeaser(items[j]!)) j++;
    if (j - i >= 3) for (let k = i; k < j; k++) cls[k] = 'bad';
    i = j > i ? j : i + 1;
  }
}

/** Little prose and more link-free short lines (a schedule, a results list): all lines count. */
function isMostlyShortLines(items: Scored[], cls: BlockClass[]): boolean {
  let good = 0;
  let short = 0;
  for (let i = 0; i < items.length; i++) {
    const { text, linkChars } = items[i]!.block;
    if (cls[i] === 'good') good += text.length;
    else if (cls[i] === 'short' && linkChars * 3 < text.length) short += text.length;
  }
  return good < 300 && short > 2 * good;
}

function isTinyCell({ block, negative }: Scored): boolean {
  return (
    negative === 0 &&
    block.linkChars === 0 &&
    block.text.length < 8 &&
    !isBoilerplateLine(block.text)
  );
}

/**
 * A link line inside a paragraph of the article (a <br>-separated URL or product link between
 * the paragraph's own lines): kept with its paragraph, unless named like boilerplate.
 */
function isLinkInParagraph(items: Scored[], cls: BlockClass[], i: number): boolean {
  const { block, negative } = items[i]!;
  if (negative < 0 || block.linkChars === 0 || isBoilerplateLine(block.text)) return false;
  const sameParagraph = (j: number) =>
    j >= 0 &&
    j < items.length &&
    cls[j] !== 'bad' &&
    items[j]!.block.blockNode === block.blockNode &&
    items[j]!.block.linkChars * 3 < items[j]!.block.text.length;
  return PARAGRAPH_TAGS.has(block.tag) && (sameParagraph(i - 1) || sameParagraph(i + 1));
}

const PARAGRAPH_TAGS = new Set(['p', 'blockquote', 'dd']);

/**
 * An unbroken run of link-free short blocks inside the container that ends at the first prose
 * paragraph: the article's own opening (a subheading, a short lead, a list before the prose).
 */
function leadsIntoProse(items: Scored[], cls: BlockClass[], i: number, firstGood: number): boolean {
  for (let j = i; j < firstGood; j++)
    if (cls[j] !== 'short' || items[j]!.block.linkChars * 3 >= items[j]!.block.text.length)
      return false;
  return true;
}

/** Every block between `i` and the prose block `edge` is a sentence-like short block (at most 3). */
function touchesProse(
  items: Scored[],
  cls: BlockClass[],
  i: number,
  edge: number,
  minLength: number,
): boolean {
  if (Math.abs(edge - i) > 3) return false;
  const [from, to] = i < edge ? [i, edge] : [edge + 1, i + 1];
  for (let j = from; j < to; j++) {
    const text = items[j]!.block.text;
    if (
      cls[j] !== 'short' ||
      !isSentenceLike(text) ||
      text.length < minLength ||
      items[j]!.block.linkChars > 0
    )
      return false;
  }
  return true;
}

function neighbour(cls: BlockClass[], i: number, step: number): BlockClass | undefined {
  for (let j = i + step; j >= 0 && j < cls.length; j += step) if (cls[j] !== 'short') return cls[j];
  return undefined;
}
