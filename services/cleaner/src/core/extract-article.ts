import { tokenizeBlocks, type TokenizedPage } from './tokenize-blocks.ts';
import { classifyBlock, effectiveLength, type BlockClass } from './classify-blocks.ts';
import { smoothBlocks, type Scored } from './smooth-blocks.ts';

// Main-text extraction from a page or fragment. Blocks vote for their ancestors with a signed
// weight (prose positive, links and boilerplate negative, decaying for remote ancestors); the
// non-paragraph element with the largest total is the article container. Inside it, blocks are
// kept by class and boilerplate hints on the way up; short blocks stay between and after the
// prose unless link-heavy, and before it only when they read as sentences touching the prose
// (bylines, datelines and breadcrumbs sit there): that choice is smooth-blocks.ts.

const TEXT_LEVEL = new Set(
  'p a span strong em b i u s small font li dt dd h1 h2 h3 h4 h5 h6 label cite q code sup sub mark abbr time br'.split(
    ' ',
  ),
);

/** Container levels above a block that get its full weight; further ones get less. */
const DECAY_FROM = 2;
const DECAY_RATE = 0.5;
/** Link-free short blocks (list items, table cells, short paragraphs) count for a container. */
const SHORT_TEXT_WEIGHT = 0.2;

export interface ExtractedHtml {
  paragraphs: string[];
  page: TokenizedPage;
}

/** The attribution line of an embedded post: "— Name (@handle) November 19, 2019". */
const POST_ATTRIBUTION = /^[—–-] ?.{1,80} \(@\w{1,30}\) \p{L}{3,9}\.? \d{1,2}, \d{4}$/u;

/**
 * Embedded posts (a quoted tweet: its text, then the attribution line, in one blockquote) are
 * part of the article wherever they sit inside the container, whatever their links or class.
 */
function markEmbeddedPosts(page: TokenizedPage, items: Scored[]): void {
  for (let i = 0; i < items.length; i++) {
    const { block } = items[i]!;
    if (block.tag !== 'blockquote' || !POST_ATTRIBUTION.test(block.text)) continue;
    items[i]!.embed = true;
    for (let j = i - 1; j >= 0 && isInside(page, items[j]!.block.node, block.blockNode); j--)
      items[j]!.embed = true;
  }
}

export function extractArticle(html: string): ExtractedHtml {
  const page = tokenizeBlocks(html);
  return { paragraphs: selectParagraphs(page), page };
}

export function selectParagraphs(page: TokenizedPage): string[] {
  const { blocks } = page;
  if (blocks.length === 0) return [];
  const classes = blocks.map(classifyBlock);
  relaxHints(page, classes);
  const best = chooseContainer(page, classes);
  const inside: Scored[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    if (!isInside(page, block.node, best)) continue;
    inside.push({ block, cls: classes[i]!, negative: negativeHint(page, block.node, best) });
  }
  markEmbeddedPosts(page, inside);
  return smoothBlocks(inside);
}

/** The element whose blocks carry the most prose, net of links and boilerplate. */
export function chooseContainer(page: TokenizedPage, classes: BlockClass[]): number {
  const { nodes, blocks } = page;
  let goodChars = 0;
  for (let i = 0; i < blocks.length; i++)
    if (classes[i] === 'good') goodChars += blocks[i]!.text.length;
  // Pages of short lines only (schedules, lists): short text counts for, not against.
  const shortWeight = goodChars < 300 ? 0.5 : -0.1;
  const score = new Float64Array(nodes.length);
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    const cls = classes[i]!;
    const len = effectiveLength(block.text);
    let w =
      cls === 'good'
        ? len
        : cls === 'bad'
          ? -len * 0.8
          : block.linkChars === 0
            ? len * Math.max(shortWeight, SHORT_TEXT_WEIGHT)
            : len * shortWeight;
    if (w > 0 && negativeHint(page, block.node, 0) < 0) w *= 0.25;
    // Prose counts fully for the few elements just above it and less for remote ancestors, so a
    // page-wide wrapper does not win merely by also collecting teasers and footers.
    let level = 0;
    for (let n = block.node; n >= 0; n = nodes[n]!.parent) {
      score[n]! += level <= DECAY_FROM ? w : w / (1 + (level - DECAY_FROM) * DECAY_RATE);
      if (!TEXT_LEVEL.has(nodes[n]!.tag)) level++;
    }
  }
  let best = 0;
  for (let n = 1; n < nodes.length; n++) {
    // Paragraph-level and inline elements hold text; they are never the article container.
    if (TEXT_LEVEL.has(nodes[n]!.tag) || nodes[n]!.hint === -2) continue;
    const bonus = nodes[n]!.hint > 0 ? 1.02 : 1;
    if (score[n]! * bonus > score[best]!) best = n;
  }
  return best;
}

/**
 * Class names are hints, not verdicts: an element named like a widget or sidebar that holds a
 * large share of the page's prose is the article (page builders wrap everything in "widget").
 */
function relaxHints(page: TokenizedPage, classes: BlockClass[]): void {
  const good = new Float64Array(page.nodes.length);
  let total = 0;
  for (let i = 0; i < page.blocks.length; i++) {
    if (classes[i] !== 'good') continue;
    const len = page.blocks[i]!.text.length;
    total += len;
    for (let n = page.blocks[i]!.node; n >= 0; n = page.nodes[n]!.parent) good[n]! += len;
  }
  for (let n = 1; n < page.nodes.length; n++) {
    const node = page.nodes[n]!;
    if (node.hint === -1 && good[n]! >= Math.max(600, 0.3 * total)) node.hint = 0;
  }
}

function isInside(page: TokenizedPage, node: number, container: number): boolean {
  for (let n = node; n >= 0; n = page.nodes[n]!.parent) if (n === container) return true;
  return false;
}

/** The strongest boilerplate hint between the block and the container (exclusive); 0 if none. */
function negativeHint(page: TokenizedPage, node: number, container: number): number {
  let hint = 0;
  for (let n = node; n > 0 && n !== container; n = page.nodes[n]!.parent)
    hint = Math.min(hint, page.nodes[n]!.hint);
  return hint;
}
