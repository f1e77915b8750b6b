// How a receiver's HTTP answer decides what happens to a delivery job: done, wait as told
// (429 Retry-After, without spending an attempt), retry with backoff, or give up (-> DLQ).

export type Outcome =
  | { kind: 'delivered' }
  | { kind: 'throttled'; waitMs: number }
  | { kind: 'retry'; reason: string }
  | { kind: 'permanent'; reason: string };

/** Retry-After as seconds or an HTTP date -> milliseconds to wait (bounded). */
export function parseRetryAfter(
  value: string | undefined | null,
  now: Date = new Date(),
  fallbackMs = 1000,
  maxMs = 15 * 60_000,
): number {
  if (!value) return fallbackMs;
  const trimmed = value.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else {
    const at = Date.parse(trimmed);
    ms = Number.isNaN(at) ? fallbackMs : at - now.getTime();
  }
  return Math.min(Math.max(ms, 0), maxMs);
}

export function classifyResponse(
  status: number,
  retryAfter: string | undefined | null,
  now: Date = new Date(),
): Outcome {
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  if (status === 429 || (status === 503 && retryAfter))
    return { kind: 'throttled', waitMs: parseRetryAfter(retryAfter, now) };
  if (status === 408 || status === 425 || status >= 500)
    return { kind: 'retry', reason: `receiver answered ${status}` };
  if (status >= 300 && status < 400)
    return {
      kind: 'permanent',
      reason: `receiver redirected (${status}); redirects are not followed`,
    };
  return { kind: 'permanent', reason: `receiver answered ${status}` };
}
