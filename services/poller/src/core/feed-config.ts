import { z } from 'zod';
import { feedIdFor } from '@faultline/shared/ids';
import { WebSubOptions } from './websub.ts';
import { FeedAuth, FeedDef } from '@faultline/shared/state/feed-record';

export { FeedAuth, FeedDef, SecretRef } from '@faultline/shared/state/feed-record';

// Config sections of the poller: `feeds:` (the feed list) and `poller:` (fetching and
// scheduling options). A FeedDef is a feed as the registry stores it.

export const FeedEntryConfig = z.object({
  url: z.url(),
  name: z.string().min(1).optional(),
  tags: z.array(z.string()).default([]),
  intervalS: z.number().int().min(10).optional(),
  language: z.string().min(2).optional(),
  fullText: z.boolean().optional(),
  /** Login for the feed: secrets only as env:NAME references (read when fetching). */
  auth: FeedAuth.optional(),
});
export type FeedEntryConfig = z.infer<typeof FeedEntryConfig>;

export const PollerOptions = z.object({
  /** Allow feeds on loopback / private addresses (tests, intranets). */
  allowPrivateAddresses: z.boolean().default(false),
  /** Hosts allowed even when they resolve to private addresses. */
  allowHosts: z.array(z.string()).default([]),
  userAgent: z.string().optional(),
  maxBodyBytes: z
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  connectTimeoutMs: z.number().int().positive().default(10_000),
  readTimeoutMs: z.number().int().positive().default(15_000),
  totalTimeoutMs: z.number().int().positive().default(30_000),
  maxRedirects: z.number().int().min(0).default(5),
  /** Worker threads parsing feeds off the event loop (0: parse on the main thread). */
  parseWorkers: z.number().int().min(0).default(2),
  /** Time budget of one feed's parse; a feed that takes longer is given up with a reason. */
  parseTimeoutMs: z.number().int().positive().default(10_000),
  /** Heap limit of each parse worker. */
  parseMaxHeapMb: z.number().int().min(32).default(256),
  /** Fetches in flight in one replica. */
  concurrency: z.number().int().positive().default(32),
  /**
   * Fetches in flight to one host across all replicas sharing the Redis key prefix (host leases
   * in Redis, taken by the claim). The host is the feed's URL (or its permanent redirect).
   */
  perHostConcurrency: z.number().int().positive().default(2),
  /** Consecutive failures before a feed is paused automatically. */
  maxFailures: z.number().int().positive().default(10),
  defaultIntervalS: z.number().int().min(10).default(300),
  /** Unchanged feeds back off up to this many times their interval. */
  maxIntervalFactor: z.number().min(1).default(8),
  /** Longest wait after failures. */
  maxBackoffS: z
    .number()
    .int()
    .positive()
    .default(6 * 3600),
  /** Fraction of the interval added or removed at random. */
  jitter: z.number().min(0).max(0.5).default(0.1),
  /** Seen item ids remembered per feed (oldest forgotten first). */
  seenPerFeed: z.number().int().positive().default(2000),
  /** Redis key prefix (tests use a unique one). */
  keyPrefix: z.string().default('faultline:'),
  /** Output topic; production uses news.raw. */
  topic: z.string().optional(),
  /** Also load the shipped default feed list. */
  useDefaultFeeds: z.boolean().default(false),
  /** WebSub push (on when websub.callbackUrl, the public base URL of this service, is set). */
  websub: WebSubOptions.default(WebSubOptions.parse({})),
});
export type PollerOptions = z.infer<typeof PollerOptions>;

export function toFeedDef(
  entry: FeedEntryConfig,
  source: FeedDef['source'],
  defaultIntervalS: number,
  now = new Date(),
): FeedDef {
  const def: FeedDef = {
    id: feedIdFor(entry.url),
    url: entry.url,
    tags: entry.tags,
    intervalS: entry.intervalS ?? defaultIntervalS,
    source,
    addedAt: now.toISOString(),
  };
  if (entry.name) def.name = entry.name;
  if (entry.language) def.language = entry.language;
  if (entry.fullText !== undefined) def.fullText = entry.fullText;
  if (entry.auth) def.auth = entry.auth;
  return def;
}
