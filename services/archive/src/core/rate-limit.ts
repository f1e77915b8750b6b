// A fixed-window request counter per client (token, or address when no token is configured):
// `limit` requests per window, then 429 with the seconds until the window ends. Pure: the
// caller passes the time.

export interface RateLimiter {
  take(client: string, nowMs: number): { ok: true } | { ok: false; retryAfterS: number };
}

export function createRateLimiter(
  limit: number,
  windowMs = 60_000,
  maxClients = 10_000,
): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    take(client, now) {
      let w = windows.get(client);
      if (!w || now - w.start >= windowMs) {
        if (!w && windows.size >= maxClients) windows.delete(windows.keys().next().value!);
        w = { start: now, count: 0 };
        windows.set(client, w);
      }
      w.count++;
      if (w.count <= limit) return { ok: true };
      return { ok: false, retryAfterS: Math.max(1, Math.ceil((w.start + windowMs - now) / 1000)) };
    },
  };
}
