import { z } from 'zod';
import type { FeedEntry, ParseFeedResult } from './feed-types.ts';
import { resolveLink } from './item-identity.ts';
import { normalizeDate } from './feed-dates.ts';
import { plainText } from './feed-text.ts';

// JSON Feed 1.0 / 1.1 (https://jsonfeed.org), validated with zod at the boundary.

const Author = z.object({ name: z.string().optional() }).loose();
const Item = z
  .object({
    id: z.union([z.string(), z.number()]).optional(),
    url: z.string().optional(),
    external_url: z.string().optional(),
    title: z.string().optional(),
    content_html: z.string().optional(),
    content_text: z.string().optional(),
    summary: z.string().optional(),
    date_published: z.string().optional(),
    date_modified: z.string().optional(),
    author: Author.optional(),
    authors: z.array(Author).optional(),
    tags: z.array(z.string()).optional(),
  })
  .loose();
const JsonFeed = z
  .object({
    version: z.string().regex(/jsonfeed\.org/),
    title: z.string().optional(),
    home_page_url: z.string().optional(),
    feed_url: z.string().optional(),
    language: z.string().optional(),
    hubs: z.array(z.object({ type: z.string().optional(), url: z.string() }).loose()).optional(),
    items: z.array(z.unknown()),
  })
  .loose();

export function parseJsonFeed(text: string, encoding: string, base: string): ParseFeedResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `not valid JSON: ${(err as Error).message}` };
  }
  const parsed = JsonFeed.safeParse(json);
  if (!parsed.success)
    return { ok: false, reason: 'JSON, but not a JSON Feed (no jsonfeed.org version)' };
  const f = parsed.data;
  const entries: FeedEntry[] = [];
  for (const rawItem of f.items) {
    const r = Item.safeParse(rawItem);
    if (!r.success) continue;
    const it = r.data;
    const content = it.content_html ?? it.content_text ?? it.summary ?? '';
    const entry: FeedEntry = {
      title: plainText(it.title),
      content,
      contentType: it.content_html ? 'html' : 'text',
      categories: it.tags ?? [],
    };
    if (it.id !== undefined && String(it.id).trim()) entry.guid = String(it.id).trim();
    const link = resolveLink(it.url ?? it.external_url, base);
    if (link) entry.link = link;
    if (it.summary && it.summary !== content) entry.summary = it.summary;
    const author = it.authors?.[0]?.name ?? it.author?.name;
    if (author) entry.author = author;
    const published = normalizeDate(it.date_published) ?? normalizeDate(it.date_modified);
    if (published) entry.publishedAt = published;
    const updated = normalizeDate(it.date_modified);
    if (updated) entry.updatedAt = updated;
    entries.push(entry);
  }
  const feed: ParseFeedResult & { ok: true } = {
    ok: true,
    feed: { format: 'json', encoding, entries },
  };
  if (f.title) feed.feed.title = plainText(f.title);
  const link = resolveLink(f.home_page_url, base);
  if (link) feed.feed.link = link;
  if (f.language) feed.feed.language = f.language;
  const hub = f.hubs?.find((h) => (h.type ?? '').toLowerCase() === 'websub')?.url;
  if (hub) feed.feed.hubUrl = hub;
  if (f.feed_url) feed.feed.selfUrl = f.feed_url;
  return feed;
}
