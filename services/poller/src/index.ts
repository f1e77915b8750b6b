// The poller's public face: what other code (the CLI, benches, the dashboard) may use. Everything
// else under src/ is private to the poller. Evaluation helpers live behind '@faultline/poller/eval'.

// Config and feed definitions
export { PollerConfig, loadDefaultFeeds, syncConfigFeeds, DEFAULT_FEEDS_FILE } from './config.ts';
export {
  FeedEntryConfig,
  PollerOptions,
  FeedDef,
  FeedAuth,
  SecretRef,
  toFeedDef,
} from './core/feed-config.ts';
export {
  StarterList,
  StarterFeed,
  starterToEntry,
  REGIONS,
  FeedList,
  FeedListEntry,
} from './core/feed-lists.ts';
export { authHeader, authFromFlags } from './core/feed-auth.ts';
export { findFeedLinks, wellKnownFeedUrls } from './core/discover-feed.ts';
export { discoverFeed, discoveryFetcher, type Discovery } from './io/discover-feed.ts';
export { parseOpml, writeOpml, type OpmlFeed, type ParseOpmlResult } from './core/opml.ts';

// Pure core: bytes to a parsed feed, WebSub signatures
export { parseFeed } from './core/parse-feed.ts';
export type { FeedEntry, ParsedFeed, ParseFeedResult } from './core/feed-types.ts';
export { verifySignature } from './core/websub.ts';

// Adapters other code runs: the poll loop (the feed registry it works on is shared state:
// @faultline/shared/state/feed-registry)
export { Poller, type PollerDeps, type PollerHooks } from './io/poller.ts';
