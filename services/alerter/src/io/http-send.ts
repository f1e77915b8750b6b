import { request } from 'undici';
import type { DestinationGuard } from './destination-guard.ts';

// POSTs a JSON body with a hard timeout over the guard's keep-alive connection pool, after the
// SSRF check of the destination URL. Never follows redirects (a 3xx is returned as it is). Never
// logs or returns the URL: callers refer to destinations by name.

export interface SendResult {
  status: number;
  retryAfter: string | null;
  ms: number;
}

export async function postJson(
  guard: DestinationGuard,
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<SendResult> {
  const started = performance.now();
  await guard.check(url);
  const res = await request(url, {
    method: 'POST',
    dispatcher: guard.agent,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'faultline-alerter/1',
      ...headers,
    },
    body,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    signal: AbortSignal.timeout(timeoutMs),
  });
  await res.body.dump({ limit: 64 * 1024 });
  const retryAfter = res.headers['retry-after'];
  return {
    status: res.statusCode,
    retryAfter: Array.isArray(retryAfter) ? (retryAfter[0] ?? null) : (retryAfter ?? null),
    ms: performance.now() - started,
  };
}
