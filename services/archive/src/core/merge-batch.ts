import type {
  DyadRow,
  EntityRow,
  ItemRow,
  MentionRow,
  SourceRow,
  StoryRow,
} from '@faultline/shared/state/archive-record';
import type { ItemRows } from './item-rows.ts';

// A batch's item rows, merged for the writer's statements. Pure.

/** Rows of a batch, merged so that no statement touches one key twice (ON CONFLICT needs it). */
export interface BatchRows {
  items: ItemRow[];
  stories: StoryRow[];
  sources: SourceRow[];
  entities: EntityRow[];
  mentions: MentionRow[];
  dyads: DyadRow[];
}

/**
 * Merges the rows of many items: an item seen twice keeps its latest revision, a story or an
 * entity its earliest first and latest last sighting. Keys are sorted, so concurrent batches
 * lock shared rows (a popular entity) in one order and cannot deadlock each other.
 */
export function mergeBatch(all: ItemRows[]): BatchRows {
  const items = new Map<string, ItemRow>();
  const stories = new Map<string, StoryRow>();
  const sources = new Map<string, SourceRow>();
  const entities = new Map<string, EntityRow>();
  const mentions = new Map<string, MentionRow>();
  const dyads = new Map<string, DyadRow>();
  for (const rows of all) {
    const key = `${rows.item.itemId}\u0000${rows.item.ts}`;
    const prev = items.get(key);
    if (prev && prev.revision > rows.item.revision) continue;
    items.set(key, rows.item);
    const story = stories.get(rows.story.storyId);
    stories.set(
      rows.story.storyId,
      story
        ? {
            storyId: story.storyId,
            title: story.firstSeen <= rows.story.firstSeen ? story.title : rows.story.title,
            firstSeen: min(story.firstSeen, rows.story.firstSeen),
            lastSeen: max(story.lastSeen, rows.story.lastSeen),
          }
        : rows.story,
    );
    for (const r of rows.sources) {
      const k = `${r.storyId}\u0000${r.itemId}`;
      const o = sources.get(k);
      if (!o || r.seenAt < o.seenAt) sources.set(k, r);
    }
    for (const e of rows.entities) {
      const o = entities.get(e.entityId);
      entities.set(
        e.entityId,
        o
          ? {
              ...o,
              firstSeen: min(o.firstSeen, e.firstSeen),
              lastSeen: max(o.lastSeen, e.lastSeen),
            }
          : e,
      );
    }
    for (const m of rows.mentions) mentions.set(`${m.entityId}\u0000${m.ts}\u0000${m.itemId}`, m);
    for (const d of rows.dyads)
      dyads.set(`${d.source}\u0000${d.target}\u0000${d.ts}\u0000${d.itemId}`, d);
  }
  const sorted = <T>(m: Map<string, T>) =>
    [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  return {
    items: sorted(items),
    stories: sorted(stories),
    sources: sorted(sources),
    entities: sorted(entities),
    mentions: sorted(mentions),
    dyads: sorted(dyads),
  };
}

const min = (a: string, b: string) => (Date.parse(a) <= Date.parse(b) ? a : b);
const max = (a: string, b: string) => (Date.parse(a) >= Date.parse(b) ? a : b);
