import type { FeedRow } from './model.ts';

// A feed as the poller's registry stores it (definition + health state) -> a feeds-table row.
// Structural types, so this core does not depend on the poller's internals.

export interface FeedDefLike {
  id: string;
  url: string;
  name?: string | undefined;
  addedAt: string;
}

export interface FeedStateLike {
  lastFetchAt?: string | undefined;
  lastOutcome?: string | undefined;
  totalItems: number;
  consecutiveFailures: number;
  lastError?: string | undefined;
  paused: boolean;
  pauseReason?: string | undefined;
  /** The poller's note when the feed's declared charset was overridden. */
  encodingNote?: string | undefined;
}

export function toFeedRow(def: FeedDefLike, state: FeedStateLike, now: Date): FeedRow {
  const ageMs = now.getTime() - Date.parse(def.addedAt);
  // Average since the feed was added; at least an hour, so a new feed does not read 24x.
  const days = Math.max(ageMs, 3_600_000) / 86_400_000;
  return {
    id: def.id,
    name: def.name ?? def.url,
    url: def.url,
    status: feedStatus(state),
    paused: state.paused,
    lastFetchAt: state.lastFetchAt ?? null,
    itemsPerDay: Number.isFinite(days) ? Math.round((state.totalItems / days) * 10) / 10 : null,
    consecutiveFailures: state.consecutiveFailures,
    lastError:
      state.lastError ??
      (state.paused ? (state.pauseReason ?? null) : null) ??
      (state.encodingNote ? `charset: ${state.encodingNote}` : null),
  };
}

export function feedStatus(state: FeedStateLike): string {
  if (state.paused) return 'paused';
  if (state.consecutiveFailures > 0) return 'failing';
  if (!state.lastFetchAt) return 'new';
  return 'ok';
}
