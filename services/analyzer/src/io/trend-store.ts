import type { Redis } from 'ioredis';
import type { AnalyzedItem, TensionEvent } from '@faultline/shared/schemas';
import { createTrendIndex, readSeries } from '@faultline/shared/state/trend-index';
import {
  contributionsOf,
  detectSpike,
  dyadKey,
  windowSums,
  DEFAULT_SPIKE,
  type SpikeOptions,
  type WindowName,
} from '../core/tension/trend.ts';

// The analyzer's side of the trend index (shared/src/state/trend-index.ts holds its keys,
// entries, retention and scripts): each item's contributions (core/tension/trend.ts) go in,
// and the touched dyads' series come back for spike detection.
//
// One item costs two round trips (three when it spikes): the domains script, then the index
// script. Concurrent items share those round trips when the connection auto-pipelines.

export interface TrendStore {
  /** Adds an item to its dyads' indexes and returns the spike events it caused. */
  record(item: AnalyzedItem, now?: number): Promise<TensionEvent[]>;
  /** The index of one dyad over 1h / 24h / 7d. */
  read(source: string, target: string, now?: number): Promise<Record<WindowName, number>>;
}

export function createTrendStore(
  redis: Redis,
  options: { prefix?: string; spike?: SpikeOptions } = {},
): TrendStore {
  const prefix = options.prefix ?? 'faultline:';
  const spike = options.spike ?? DEFAULT_SPIKE;
  const index = createTrendIndex(redis, prefix);
  return {
    async record(item, now = Date.now()) {
      const domain = item.sources[0]?.domain ?? item.feedId;
      const dyads = [...new Set(item.tension.dyads.map((d) => dyadKey(d.source, d.target)))];
      if (!dyads.length) return [];
      const seen = await index.domainsSeen(item.storyId, dyads, domain);
      const contributions = contributionsOf(item, (d) => seen.get(d)!);
      if (!contributions.length) return [];
      const touched = await index.add(contributions, now);
      const candidates: Array<{ dyad: string; event: TensionEvent }> = [];
      for (const [dyad, { hours, stories }] of touched) {
        const event = detectSpike(dyad, hours, now, stories.slice(0, 10), spike);
        if (event) candidates.push({ dyad, event });
      }
      if (!candidates.length) return [];
      const first = await index.claimSpikes(
        candidates.map((c) => c.dyad),
        now,
      );
      return candidates.filter((_, i) => first[i]).map((c) => c.event);
    },
    async read(source, target, now = Date.now()) {
      const dyad = dyadKey(source, target);
      const series = await readSeries(redis, prefix, [dyad]);
      return windowSums(series.get(dyad)!.hours, now);
    },
  };
}
