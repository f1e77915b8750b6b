import { itemIdFor, type ItemId } from '@faultline/shared/ids';
import type { RawItem } from '@faultline/shared/schemas';
import type { FeedEntry, ParsedFeed } from './feed-types.ts';
import { contentHashOf, identityOf } from './item-identity.ts';
import type { FeedDef } from './feed-config.ts';

// One feed entry -> one RawItem (the wire contract in shared/src/schemas/raw-item.ts), plus the
// content hash used to notice edits.

export interface ItemCandidate {
  itemId: ItemId;
  contentHash: string;
  entry: FeedEntry;
}

export function identifyEntry(entry: FeedEntry, feedId: string): ItemCandidate {
  return { itemId: itemIdFor(feedId, identityOf(entry)), contentHash: contentHashOf(entry), entry };
}

export function toRawItem(
  candidate: ItemCandidate,
  feed: ParsedFeed,
  def: FeedDef,
  fetchedAt: string,
  revision = 0,
): RawItem {
  const { entry } = candidate;
  const item: RawItem = {
    itemId: candidate.itemId,
    feedId: def.id,
    feedUrl: def.url,
    revision,
    title: entry.title,
    content: entry.content,
    contentType: entry.contentType,
    categories: entry.categories,
    publishedAt: entry.publishedAt ?? fetchedAt,
    dateMissing: entry.publishedAt === undefined,
    fetchedAt,
    tags: [...def.tags],
  };
  const feedTitle = def.name ?? feed.title;
  if (feedTitle) item.feedTitle = feedTitle;
  if (entry.guid) item.guid = entry.guid;
  if (entry.link) item.link = entry.link;
  if (entry.summary) item.summary = entry.summary;
  if (entry.author) item.author = entry.author;
  const language = def.language ?? feed.language;
  if (language) item.languageHint = language;
  if (def.fullText) item.fullText = true;
  return item;
}

export interface SeenRecord {
  hash: string;
  revision: number;
}

export interface Change {
  candidate: ItemCandidate;
  revision: number;
}

/**
 * Which candidates to produce, given what was seen before: new ids (revision 0) and known ids
 * whose content hash changed (previous revision + 1). Duplicate ids within one fetch keep the
 * first occurrence.
 */
export function detectChanges(
  candidates: ItemCandidate[],
  seen: ReadonlyMap<string, SeenRecord>,
): Change[] {
  const out: Change[] = [];
  const inFetch = new Set<string>();
  for (const c of candidates) {
    if (inFetch.has(c.itemId)) continue;
    inFetch.add(c.itemId);
    const before = seen.get(c.itemId);
    if (!before) out.push({ candidate: c, revision: 0 });
    else if (before.hash !== c.contentHash)
      out.push({ candidate: c, revision: before.revision + 1 });
  }
  return out;
}

/** Seen records are stored as "<hash>:<revision>". */
export function encodeSeen(record: SeenRecord): string {
  return `${record.hash}:${record.revision}`;
}

export function decodeSeen(value: string | null | undefined): SeenRecord | null {
  if (!value) return null;
  const i = value.lastIndexOf(':');
  if (i < 0) return { hash: value, revision: 0 };
  return { hash: value.slice(0, i), revision: Number(value.slice(i + 1)) || 0 };
}
