// An element's boilerplate hint from its tag, role, itemprop, class and id: -2 strong / -1 weak
// boilerplate (navigation, comments, related links, footers), +1 content (the article body),
// 0 neither. Read by the block tokenizer for every element it opens.

const NEGATIVE_TAGS = new Set(['aside', 'footer', 'header', 'form']);

const NEG_HINT =
  /(?:^|[-_\s])(comments?|footer|related|share|sharing|social|sidebar|nav|navbar|navigation|menu|promos?|newsletter|subscribe|subscription|signup|cookies?|consent|ads?|advert\w*|sponsor\w*|byline|authors?|caption|credits?|tags|breadcrumbs?|widget|popular|trending|recommend\w*|recirc\w*|more-?stories|most-?read|outbrain|taboola|masthead|toolbar|pagination|pager|disclaimer|copyright|modal|popup|overlay|print|dateline|timestamp|rail|teasers?|tools|login|paywall|bio|contributor|inline-?related|read-?more|also-?read|topics|keywords|gallery|slideshow|video-?player|rating|shop|affiliate|jump|toc)(?:[-_\s]|$)/;
/** Boilerplate names that stay boilerplate however much prose they hold (reader comments). */
const STRONG_NEG_HINT =
  /(?:^|[-_\s])(comments?|comment-?list|respond|replies|disqus|related|recirc\w*|outbrain|taboola|more-?stories|most-?read|trending|recommend\w*)(?:[-_\s]|$)/;
const POS_HINT =
  /(?:^|[-_\s])(article|body|content|entry|main|post|story|text|blog|prose|rich-?text|articlebody|story-?body|article-?body|post-?content|entry-?content)(?:[-_\s]|$)/;

export function hintOf(tag: string, attribs: Record<string, string>): number {
  const role = attribs.role;
  if (
    role === 'navigation' ||
    role === 'complementary' ||
    role === 'contentinfo' ||
    role === 'banner'
  )
    return -1;
  const itemprop = attribs.itemprop;
  if (itemprop === 'articleBody' || role === 'main' || tag === 'article' || tag === 'main')
    return 1;
  // aside and footer are semantic: never the article, however much text they hold. header and
  // form are weaker (ASP.NET pages wrap the whole page in one form).
  if (tag === 'aside' || tag === 'footer') return -2;
  if (NEGATIVE_TAGS.has(tag)) return -1;
  const cls = attribs.class;
  const id = attribs.id;
  if (!cls && !id) return 0;
  const key = id ? `${cls ?? ''} ${id}` : cls!;
  let hint = hintCache.get(key);
  if (hint === undefined) {
    hint = hintOfKey(key.toLowerCase());
    if (hintCache.size > 20_000) hintCache.clear();
    hintCache.set(key, hint);
  }
  return hint;
}

/** Pages repeat the same class lists many times: each distinct one is matched once. */
const hintCache = new Map<string, number>();

function hintOfKey(key: string): number {
  if (key.length < 2) return 0;
  if (NEG_HINT.test(key)) return STRONG_NEG_HINT.test(key) ? -2 : -1;
  if (POS_HINT.test(key)) return 1;
  return 0;
}
