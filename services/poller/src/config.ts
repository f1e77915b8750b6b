import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseYamlBounded } from '@faultline/shared/yaml';
import { z } from 'zod';
import { BaseConfig } from '@faultline/shared/config';
import { topicsFor } from '@faultline/shared/topics';
import { FeedEntryConfig, PollerOptions, toFeedDef, type FeedDef } from './core/feed-config.ts';
import type { FeedStore } from '@faultline/shared/state/feed-registry';

type Raw = Record<string, unknown>;
const obj = (v: unknown): Raw =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {};

/**
 * The poller's Redis prefix and output topic follow the deployment's `redis.keyPrefix` and
 * `kafka.topicPrefix` unless the poller section sets them, like every other service.
 */
function applyDeploymentNames(raw: unknown): unknown {
  const data = obj(raw);
  const poller = obj(data.poller);
  const keyPrefix = obj(data.redis).keyPrefix;
  const topicPrefix = obj(data.kafka).topicPrefix;
  return {
    ...data,
    poller: {
      ...poller,
      keyPrefix: poller.keyPrefix ?? (typeof keyPrefix === 'string' ? keyPrefix : 'faultline:'),
      topic: poller.topic ?? topicsFor(typeof topicPrefix === 'string' ? topicPrefix : '').raw,
    },
  };
}

export const PollerConfig = z.preprocess(
  applyDeploymentNames,
  BaseConfig.extend({
    feeds: z.array(FeedEntryConfig).default([]),
    poller: PollerOptions.default(PollerOptions.parse({})),
  }),
);
export type PollerConfig = z.infer<typeof PollerConfig>;

export const DEFAULT_FEEDS_FILE = fileURLToPath(new URL('../feeds.default.yaml', import.meta.url));

/** The shipped list of public world-news and defence/diplomacy feeds. */
export function loadDefaultFeeds(file = DEFAULT_FEEDS_FILE): FeedEntryConfig[] {
  const raw = parseYamlBounded(readFileSync(file, 'utf8')) as { feeds?: unknown };
  return z.array(FeedEntryConfig).parse(raw.feeds ?? []);
}

/**
 * Writes the config feeds into the registry: new ones are due at once, changed ones are updated,
 * config feeds no longer in the config are removed. Feeds added with the CLI are left alone.
 */
export async function syncConfigFeeds(
  store: FeedStore,
  entries: FeedEntryConfig[],
  defaultIntervalS: number,
): Promise<{ added: number; removed: number }> {
  const wanted = new Map<string, FeedDef>();
  for (const e of entries) {
    const def = toFeedDef(e, 'config', defaultIntervalS);
    wanted.set(def.id, def);
  }
  const existing = await store.list();
  let removed = 0;
  for (const { def } of existing)
    if (def.source === 'config' && !wanted.has(def.id)) {
      await store.remove(def.id);
      removed++;
    }
  const known = new Map(existing.map((c) => [c.def.id, c.def]));
  let added = 0;
  for (const def of wanted.values()) {
    const before = known.get(def.id);
    if (before?.source === 'cli') continue;
    if (!before) added++;
    await store.upsert(before ? { ...def, addedAt: before.addedAt } : def);
  }
  return { added, removed };
}
