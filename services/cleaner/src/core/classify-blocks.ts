import type { TextBlock } from './tokenize-blocks.ts';

// Paragraph-level classification in the spirit of jusText: each block is good (article prose),
// bad (links, boilerplate phrases, tiny), or short (undecided until its neighbours are known).

export type BlockClass = 'good' | 'short' | 'bad';

const BOILERPLATE_LINE =
  /^(advertisement|advertising|advert|sponsored( content)?|ad|tags|topics|tell us what you think.{0,10}|share( this)?( article| story)?|share on \w+|tweet|email|print|comments?|\d+ comments?|read more|see more|show more|load more|continue reading|related( articles| stories| content| coverage)?|recommended( for you)?|more from .{0,40}|most (read|popular|viewed|shared)|trending( now)?|don'?t miss|you may also like|you might also like|sign up( for .{0,60})?|subscribe( now| today)?( to .{0,60})?|follow us( on .{0,40})?|newsletter|cookie.{0,80}|accept( all)?( cookies)?|skip to (main )?content|back to top|log ?in|sign in|register|image|photo|video|getty images|reuters|ap photo|close|menu|search|home|next|previous|top stories|latest news|listen to (this )?article.{0,30}|\d+ min(ute)? read|updated:?.{0,40}|published:?.{0,40}|posted:?.{0,40}|by [\p{Lu}][\p{L}.'’-]+( [\p{Lu}][\p{L}.'’-]+){0,3}( and [\p{Lu}][\p{L}.'’-]+( [\p{Lu}][\p{L}.'’-]+){0,3})?(,? [\p{L} ]{0,40})?|(photo|image|credit|source)s?: .{0,120}|©.{0,120}|copyright.{0,120}|all rights reserved.{0,60})[.!:]?$/iu;

const SENTENCE_END = /[.!?…。！？]["'”’»)\]」』]*$/u;
const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/gu;

/** A CMS shortcode the theme failed to render: "[button link=…] Send us …[/button]". */
const SHORTCODE = /^\[(\w+)[^\]]*\].*\[\/\1\]$/u;
/** A caption that names its picture's source at the end: "… (Image: Getty)". */
const CAPTION_CREDIT =
  /[([]\s*(images?|photos?|pictures?|pics?|credits?|foto|bild|source)\s*:[^)\]]{1,60}[)\]]$/iu;

/** A closing promo: the author's or outlet's social accounts, forums, newsletters. */
const SOCIAL_PROMO =
  /\bfollow (us|him|her|them|me) on (twitter|facebook|instagram|x)\b|\bjoin our .{0,30}(forums?|community|newsletter)\b/i;

export function isBoilerplateLine(text: string): boolean {
  if (effectiveLength(text) < 400 && SOCIAL_PROMO.test(text)) return true;
  return (
    effectiveLength(text) < 160 &&
    (BOILERPLATE_LINE.test(text) || CAPTION_CREDIT.test(text) || SHORTCODE.test(text))
  );
}

export function classifyBlock(block: TextBlock): BlockClass {
  const len = effectiveLength(block.text);
  const linkDensity = block.linkChars / Math.max(1, len);
  if (isBoilerplateLine(block.text)) return 'bad';
  if (linkDensity > 0.5 || (linkDensity > 0.3 && len < 200 && !isLinkedSentence(block, len)))
    return 'bad';
  // Tiny lines: a time stamp or a list number is text, a lone separator or a link is not.
  if (len < 8 && (block.linkChars > 0 || !/[\p{L}\p{N}]/u.test(block.text))) return 'bad';
  const words = countWords(block.text);
  const sentence = SENTENCE_END.test(block.text) || /[.!?]["”’]?\s+\p{Lu}/u.test(block.text);
  if (linkDensity <= 0.25 && ((len >= 80 && sentence && words >= 12) || len >= 200)) return 'good';
  // Prose that links a few of its phrases: long, sentence-shaped, most text outside the links.
  if (linkDensity <= 0.5 && len >= 150 && sentence && words >= 20 && len - block.linkChars >= 100)
    return 'good';
  return 'short';
}

/** A full sentence that links a name or two: most of its words are outside the links. */
function isLinkedSentence(block: TextBlock, len: number): boolean {
  return len - block.linkChars >= 60 && isSentenceLike(block.text) && countWords(block.text) >= 12;
}

/** Length in Latin-script terms: a CJK character carries about three letters' worth of text. */
export function effectiveLength(text: string): number {
  const cjk = text.match(CJK)?.length ?? 0;
  return text.length + 2 * cjk;
}

export function countWords(text: string): number {
  let n = Math.floor((text.match(CJK)?.length ?? 0) / 2);
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = text.charCodeAt(i) <= 32;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

/** Whether a short block reads like a sentence (kept between good blocks). */
export function isSentenceLike(text: string): boolean {
  return SENTENCE_END.test(text) && countWords(text) >= 4;
}
