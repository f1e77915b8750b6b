import type { AnalyzedItem } from '@faultline/shared/schemas';
import type { EventGroupStore } from '@faultline/shared/state/event-groups';
import {
  eventProbeOf,
  placeStory,
  type GroupingOptions,
  type Placement,
} from '../core/event-group.ts';

// Places an analysed item's story in its cross-language event group (core/event-group.ts
// decides, shared/state/event-groups.ts stores): read the pair's groups, decide, commit if no
// one wrote meanwhile, else decide again on the fresh groups. The answer's story id is the one
// the alerter's once-per-story decision and corroboration use instead of the item's own.

export interface EventGrouper {
  place(item: AnalyzedItem): Promise<Placement>;
}

const MAX_ATTEMPTS = 8;

export function createEventGrouper(
  store: EventGroupStore,
  options: GroupingOptions,
  now: () => number = Date.now,
): EventGrouper {
  return {
    async place(item) {
      const probe = eventProbeOf(item);
      const known = await store.groupOfStory(item.storyId);
      if (!probe) return placeStory(null, item.storyId, known, [], now(), options);
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const { version, groups } = await store.pairGroups(probe.pair);
        const placed = placeStory(probe, item.storyId, known, groups, now(), options);
        if (!placed.group) return placed;
        if (await store.commit(probe.pair, version, placed.group, item.storyId, placed.drop))
          return placed;
      }
      // Contended beyond reason: alert on the item's own story rather than hold it up.
      return placeStory(null, item.storyId, known, [], now(), options);
    },
  };
}
