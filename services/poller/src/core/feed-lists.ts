import { z } from 'zod';
import type { FeedEntryConfig } from './feed-config.ts';
import { FeedAuth } from '@faultline/shared/state/feed-record';

// Curated feed lists (config/feeds.starter.yaml): each entry names its language and region, and
// becomes a registry feed whose tags carry the region (`region:<name>`) for rules to match.

export const REGIONS = [
  'world',
  'europe',
  'russia-eurasia',
  'middle-east',
  'africa',
  'south-asia',
  'asia-pacific',
  'americas',
] as const;

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** An ISO 639-1 code that ICU knows by name (`xx` and `english` are refused). */
export const LanguageCode = z
  .string()
  .regex(/^[a-z]{2}$/, 'an ISO 639-1 code such as en, ar, zh')
  .refine((c) => languageNames.of(c) !== undefined, 'an unknown language code');

export const StarterFeed = z.object({
  url: z.url({ protocol: /^https$/ }),
  title: z.string().min(1),
  language: LanguageCode,
  region: z.enum(REGIONS),
  tags: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/)).default([]),
});
export type StarterFeed = z.infer<typeof StarterFeed>;

export const StarterList = z
  .object({ feeds: z.array(StarterFeed).min(1) })
  .superRefine((l, ctx) => {
    const seen = new Set<string>();
    l.feeds.forEach((f, i) => {
      if (seen.has(f.url))
        ctx.addIssue({ code: 'custom', path: ['feeds', i, 'url'], message: `duplicate ${f.url}` });
      seen.add(f.url);
    });
  });
export type StarterList = z.infer<typeof StarterList>;

/** A starter entry as the feed registry takes it: title as name, region as a tag. */
export function starterToEntry(f: StarterFeed): FeedEntryConfig {
  return {
    url: f.url,
    name: f.title,
    language: f.language,
    tags: [...new Set([...f.tags, `region:${f.region}`])],
  };
}

/**
 * A feed list file (`faultline feeds import list.yaml`, what `feeds export --format yaml`
 * writes): registry entries, where a starter-style `title` and `region` are also understood.
 */
export const FeedListEntry = z
  .object({
    url: z.url({ protocol: /^https?$/ }),
    name: z.string().min(1).optional(),
    title: z.string().min(1).optional(),
    region: z.enum(REGIONS).optional(),
    tags: z.array(z.string().min(1)).default([]),
    intervalS: z.number().int().min(10).optional(),
    language: z.string().min(2).optional(),
    fullText: z.boolean().optional(),
    auth: FeedAuth.optional(),
  })
  .strict()
  .transform(({ title, region, name, ...rest }): FeedEntryConfig => {
    const entry: FeedEntryConfig = {
      ...rest,
      tags: [...new Set([...rest.tags, ...(region ? [`region:${region}`] : [])])],
    };
    const label = name ?? title;
    if (label) entry.name = label;
    return entry;
  });

export const FeedList = z.object({ feeds: z.array(FeedListEntry).min(1) }).superRefine((l, ctx) => {
  const seen = new Set<string>();
  l.feeds.forEach((f, i) => {
    if (seen.has(f.url))
      ctx.addIssue({ code: 'custom', path: ['feeds', i, 'url'], message: `duplicate ${f.url}` });
    seen.add(f.url);
  });
});
