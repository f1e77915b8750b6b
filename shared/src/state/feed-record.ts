import { z } from 'zod';

// A feed as the feed registry stores it (feed-registry.ts): its definition (config and CLI feeds)
// and its polling state (validators, health, backoff, pause). Pure, so the poller's core (its
// schedule) uses the same types.

/**
 * A secret named, never given: `env:NAME` is read from the poller's environment at fetch time,
 * so the registry (Redis), exports and logs only ever hold the variable's name.
 */
export const SecretRef = z
  .string()
  .regex(
    /^env:[A-Za-z_][A-Za-z0-9_]*$/,
    'a reference to an environment variable such as env:FEED_X_TOKEN (secrets are never stored)',
  );

/** How the poller logs in to a feed: a bearer token, or HTTP basic with a username. */
export const FeedAuth = z.discriminatedUnion('type', [
  z.object({ type: z.literal('bearer'), token: SecretRef }).strict(),
  z.object({ type: z.literal('basic'), username: z.string().min(1), password: SecretRef }).strict(),
]);
export type FeedAuth = z.infer<typeof FeedAuth>;

export const FeedDef = z.object({
  id: z.string(),
  url: z.url(),
  name: z.string().optional(),
  tags: z.array(z.string()).default([]),
  intervalS: z.number().int().positive(),
  language: z.string().optional(),
  fullText: z.boolean().optional(),
  auth: FeedAuth.optional(),
  source: z.enum(['config', 'cli']),
  addedAt: z.string(),
});
export type FeedDef = z.infer<typeof FeedDef>;

export interface FeedState {
  etag?: string;
  lastModified?: string;
  /** Where the feed permanently moved (301/308): fetched instead of the configured URL. */
  movedTo?: string;
  lastFetchAt?: string;
  lastStatus?: number;
  lastOutcome?: 'new-items' | 'unchanged' | 'not-modified' | 'error';
  lastItems: number;
  totalItems: number;
  consecutiveFailures: number;
  lastError?: string;
  /** A charset problem of the last successful read (declared charset overridden). */
  encodingNote?: string;
  unchangedStreak: number;
  currentIntervalS?: number;
  paused: boolean;
  pauseReason?: string;
  nextDueAt?: string;
}

export const emptyState = (): FeedState => ({
  lastItems: 0,
  totalItems: 0,
  consecutiveFailures: 0,
  unchangedStreak: 0,
  paused: false,
});

/** Flattens a state for a Redis hash (absent fields are deleted by the caller). */
export function encodeState(s: FeedState): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(s)) if (v !== undefined) out[k] = String(v);
  return out;
}

export function decodeState(h: Record<string, string>): FeedState {
  const s = emptyState();
  const num = (k: string) => (h[k] !== undefined ? Number(h[k]) : undefined);
  for (const k of [
    'etag',
    'lastModified',
    'movedTo',
    'lastFetchAt',
    'lastError',
    'encodingNote',
    'pauseReason',
    'nextDueAt',
  ] as const)
    if (h[k] !== undefined && h[k] !== '') s[k] = h[k];
  if (h.lastOutcome) s.lastOutcome = h.lastOutcome as FeedState['lastOutcome'] & string;
  const status = num('lastStatus');
  if (status !== undefined) s.lastStatus = status;
  const ci = num('currentIntervalS');
  if (ci !== undefined) s.currentIntervalS = ci;
  s.lastItems = num('lastItems') ?? 0;
  s.totalItems = num('totalItems') ?? 0;
  s.consecutiveFailures = num('consecutiveFailures') ?? 0;
  s.unchangedStreak = num('unchangedStreak') ?? 0;
  s.paused = h.paused === 'true';
  return s;
}

/** Field names of FeedState, so a writer can delete the ones a new state no longer has. */
export const STATE_FIELDS = [
  'etag',
  'lastModified',
  'movedTo',
  'lastFetchAt',
  'lastStatus',
  'lastOutcome',
  'lastItems',
  'totalItems',
  'consecutiveFailures',
  'lastError',
  'encodingNote',
  'unchangedStreak',
  'currentIntervalS',
  'paused',
  'pauseReason',
  'nextDueAt',
] as const;
