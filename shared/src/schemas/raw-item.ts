import { z } from 'zod';
import { envelope } from './envelope.ts';

/** An item as read from a feed: one entry, decoded to text, not yet cleaned. */
export const RawItemV1 = z.object({
  itemId: z.string().min(1),
  feedId: z.string().min(1),
  feedUrl: z.url(),
  feedTitle: z.string().optional(),
  /** 0 for the first version seen; incremented when the feed edits the item. */
  revision: z.number().int().nonnegative(),
  guid: z.string().optional(),
  link: z.string().optional(),
  title: z.string(),
  /** Feed-provided body: content:encoded or description, as the feed gave it. */
  content: z.string(),
  contentType: z.enum(['html', 'text']),
  summary: z.string().optional(),
  author: z.string().optional(),
  categories: z.array(z.string()).default([]),
  publishedAt: z.iso.datetime({ offset: true }),
  /** True when the feed gave no usable date and publishedAt is the fetch time. */
  dateMissing: z.boolean().default(false),
  fetchedAt: z.iso.datetime({ offset: true }),
  languageHint: z.string().optional(),
  tags: z.array(z.string()).default([]),
  /** Set when the feed asks for full-article fetching; the cleaner's adapter fetches the page. */
  fullText: z.boolean().optional(),
});
export type RawItem = z.infer<typeof RawItemV1>;

export const RawItemMessage = envelope(1, RawItemV1);
export type RawItemMessage = z.infer<typeof RawItemMessage>;
