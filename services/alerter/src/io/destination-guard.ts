import { Agent } from 'undici';
import {
  assertPublicUrl,
  guardedLookup,
  NetError,
  type AddressPolicy,
} from '@faultline/shared/net';
import type { Outcome } from '../core/delivery-outcome.ts';

// The send-time half of the SSRF guard for Slack and webhook destinations (the config-time half
// is core/destination-url.ts). Before every attempt the URL's host is resolved and every address
// checked (loopback, RFC 1918, link-local, CGNAT, ULA, IPv4-mapped IPv6, metadata refused unless
// the policy allows it); the agent's connect-time DNS lookup checks again, so a name that
// re-resolves to a private address between the check and the connection (DNS rebinding) is
// refused too. Redirects are never followed: undici's `request` returns the 3xx, which the
// outcome classifier treats as a permanent failure, so no hop can lead somewhere unchecked.

export interface DestinationGuard {
  policy: AddressPolicy;
  /** The keep-alive pool every delivery goes through, with the guarded DNS lookup. */
  agent: Agent;
  /** Throws a NetError unless the URL may be sent to now. */
  check(url: string): Promise<void>;
  close(): Promise<void>;
}

/** How long a host's successful check is reused (the connect-time lookup still runs). */
const CHECK_TTL_MS = 30_000;

export function createDestinationGuard(
  policy: AddressPolicy,
  options: { connections?: number; connectTimeoutMs?: number } = {},
): DestinationGuard {
  const agent = new Agent({
    connections: options.connections ?? 64,
    keepAliveTimeout: 10_000,
    pipelining: 1,
    connect: { timeout: options.connectTimeoutMs ?? 10_000, lookup: guardedLookup(policy) },
  });
  const passed = new Map<string, number>();
  return {
    policy,
    agent,
    async check(url) {
      const until = passed.get(url);
      if (until !== undefined && until > Date.now()) return;
      await assertPublicUrl(url, policy);
      if (passed.size > 1000) passed.clear();
      passed.set(url, Date.now() + CHECK_TTL_MS);
    },
    close: () => agent.close(),
  };
}

function findNetError(err: unknown): NetError | null {
  for (let e = err, depth = 0; e && depth < 5; depth++) {
    if (e instanceof NetError || (e as { name?: string }).name === 'NetError') return e as NetError;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * A refused destination is a permanent failure (straight to the DLQ, it will not get better by
 * retrying); a name that does not resolve may be transient. Null for other errors.
 */
export function guardOutcome(err: unknown): Outcome | null {
  const net = findNetError(err);
  if (!net) return null;
  if (net.code === 'dns') return { kind: 'retry', reason: 'destination host does not resolve' };
  // The message names the host and address, never the URL's path or query (the secret part).
  return { kind: 'permanent', reason: `destination refused (SSRF guard): ${net.message}` };
}
