import type { FeedState } from '@faultline/shared/state/feed-record';

export { emptyState, type FeedState } from '@faultline/shared/state/feed-record';

// Feed health and the next poll time, as pure functions of the previous state and what the
// fetch returned. Unchanged feeds back off (up to maxIntervalFactor x their interval), failing
// feeds back off exponentially (up to maxBackoffS), Retry-After is honoured (capped by
// maxBackoffS), and a feed that
// fails maxFailures times in a row is paused with the reason.

export type FetchOutcome =
  | { kind: 'not-modified'; status: 304 }
  | {
      kind: 'ok';
      status: number;
      newItems: number;
      etag?: string;
      lastModified?: string;
      movedTo?: string;
      encodingNote?: string;
    }
  | { kind: 'error'; status?: number; error: string; retryAfterS?: number };

export interface ScheduleOptions {
  maxIntervalFactor: number;
  maxBackoffS: number;
  maxFailures: number;
  jitter: number;
}

/** Retry-After as seconds (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d{1,15}$/.test(v)) return Number(v);
  if (/^\d+$/.test(v)) return Number.MAX_SAFE_INTEGER;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.round((at - now) / 1000));
}

export interface NextState {
  state: FeedState;
  /** Epoch ms when the feed is due again (Infinity when paused). */
  nextDueMs: number;
}

export function applyOutcome(
  prev: FeedState,
  outcome: FetchOutcome,
  baseIntervalS: number,
  opts: ScheduleOptions,
  now: number,
  random: () => number = Math.random,
): NextState {
  const s: FeedState = { ...prev, lastFetchAt: new Date(now).toISOString() };
  let delayS: number;
  if (outcome.kind === 'error') {
    s.lastOutcome = 'error';
    if (outcome.status !== undefined) s.lastStatus = outcome.status;
    else delete s.lastStatus;
    s.lastError = outcome.error;
    s.lastItems = 0;
    s.consecutiveFailures = prev.consecutiveFailures + 1;
    const backoff = Math.min(
      opts.maxBackoffS,
      baseIntervalS * 2 ** Math.min(s.consecutiveFailures, 20),
    );
    // Retry-After is honoured up to maxBackoffS: one answer cannot silence a feed for years
    // (nor overflow the Date range, which made toISOString throw a RangeError).
    const retryAfterS = Math.min(opts.maxBackoffS, Math.max(0, outcome.retryAfterS ?? 0));
    delayS = Math.max(backoff, Number.isFinite(retryAfterS) ? retryAfterS : opts.maxBackoffS);
    if (s.consecutiveFailures >= opts.maxFailures) {
      s.paused = true;
      s.pauseReason = `paused after ${s.consecutiveFailures} failures in a row; last: ${outcome.error}`;
    }
  } else {
    s.consecutiveFailures = 0;
    delete s.lastError;
    s.lastStatus = outcome.status;
    const changed = outcome.kind === 'ok' && outcome.newItems > 0;
    s.lastOutcome =
      outcome.kind === 'not-modified' ? 'not-modified' : changed ? 'new-items' : 'unchanged';
    s.lastItems = outcome.kind === 'ok' ? outcome.newItems : 0;
    s.totalItems = prev.totalItems + s.lastItems;
    s.unchangedStreak = changed ? 0 : prev.unchangedStreak + 1;
    if (outcome.kind === 'ok') {
      if (outcome.etag) s.etag = outcome.etag;
      else delete s.etag;
      if (outcome.lastModified) s.lastModified = outcome.lastModified;
      else delete s.lastModified;
      if (outcome.movedTo) s.movedTo = outcome.movedTo;
      if (outcome.encodingNote) s.encodingNote = outcome.encodingNote;
      else delete s.encodingNote;
    }
    // Adaptive: each unchanged poll stretches the interval by half, up to the factor.
    const factor = Math.min(opts.maxIntervalFactor, 1.5 ** Math.min(s.unchangedStreak, 30));
    delayS = baseIntervalS * factor;
  }
  s.currentIntervalS = Math.round(delayS);
  const jitter = 1 + opts.jitter * (2 * random() - 1);
  const nextDueMs = s.paused ? Number.POSITIVE_INFINITY : now + Math.round(delayS * 1000 * jitter);
  if (Number.isFinite(nextDueMs)) s.nextDueAt = new Date(nextDueMs).toISOString();
  else delete s.nextDueAt;
  return { state: s, nextDueMs };
}
