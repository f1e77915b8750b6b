// What a parsed feed is: the shapes every format's parser returns (a leaf: it imports nothing).

export interface FeedEntry {
  guid?: string;
  link?: string;
  title: string;
  content: string;
  contentType: 'html' | 'text';
  summary?: string;
  author?: string;
  categories: string[];
  /** UTC ISO-8601, absent when the feed gave no usable date. */
  publishedAt?: string;
  updatedAt?: string;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  title?: string;
  link?: string;
  language?: string;
  /** Charset the bytes were decoded with. */
  encoding: string;
  /** Why the charset is not the declared one, when it is not (kept on the feed's status). */
  encodingNote?: string;
  /** WebSub hub and self URLs the feed advertises. */
  hubUrl?: string;
  selfUrl?: string;
  entries: FeedEntry[];
}

export type ParseFeedResult = { ok: true; feed: ParsedFeed } | { ok: false; reason: string };
