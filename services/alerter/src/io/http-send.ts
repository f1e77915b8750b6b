import { Agent, request } from 'undici';

// POSTs a JSON body with a hard timeout over a keep-alive connection pool. Never logs or
// returns the URL: callers refer to destinations by name.

export interface SendResult {
  status: number;
  retryAfter: string | null;
  ms: number;
}

export function createHttpAgent(connections = 64): Agent {
  return new Agent({ connections, keepAliveTimeout: 10_000, pipelining: 1 });
}

export async function postJson(
  agent: Agent,
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<SendResult> {
  const started = performance.now();
  const res = await request(url, {
    method: 'POST',
    dispatcher: agent,
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
