import { z } from 'zod';
import { envelope } from './envelope.ts';

export const SourceRef = z.object({
  feedId: z.string(),
  itemId: z.string(),
  domain: z.string().optional(),
  url: z.string().optional(),
});
export type SourceRef = z.infer<typeof SourceRef>;

/** An item reduced to the article's own text, normalised, and placed in a story. */
export const CleanItemV1 = z.object({
  itemId: z.string().min(1),
  feedId: z.string().min(1),
  revision: z.number().int().nonnegative(),
  url: z.string().optional(),
  title: z.string(),
  /** First paragraph of the article body. */
  lead: z.string().optional(),
  /** Paragraphs of the article body, in order. `text` is these joined with "\n\n". */
  paragraphs: z.array(z.string()),
  text: z.string(),
  author: z.string().optional(),
  publishedAt: z.iso.datetime({ offset: true }),
  language: z.object({ code: z.string(), confidence: z.number().min(0).max(1) }),
  /** Hash of the normalised text: equal for exact duplicates. */
  contentHash: z.string(),
  storyId: z.string().min(1),
  firstInStory: z.boolean(),
  sources: z.array(SourceRef),
  tags: z.array(z.string()).default([]),
  /** Carried from the raw item so latency can be measured end to end. */
  fetchedAt: z.iso.datetime({ offset: true }),
  cleanedAt: z.iso.datetime({ offset: true }),
});
export type CleanItem = z.infer<typeof CleanItemV1>;

export const CleanItemMessage = envelope(1, CleanItemV1);
export type CleanItemMessage = z.infer<typeof CleanItemMessage>;
