import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

// WebSub (W3C) subscriber logic as pure functions: what to send the hub, which verification
// requests to answer, whether a push is authentic, when to renew, and how long the polling
// interval is while push is alive (and when the hub has gone quiet).

export const WebSubOptions = z.object({
  /** Public base URL the hub can reach (the poller's HTTP server); unset = WebSub off. */
  callbackUrl: z.url().optional(),
  /** Lease asked of the hub (hubs may grant less). */
  leaseSeconds: z
    .number()
    .int()
    .positive()
    .default(7 * 86400),
  /** Renew when less than this fraction of the granted lease remains. */
  renewAtFraction: z.number().min(0.05).max(0.9).default(0.2),
  /** While push is alive the feed is still polled, this many times less often. */
  pushPollFactor: z.number().min(1).default(6),
  /** Push counts as gone quiet after this many normal intervals without a push. */
  quietIntervals: z.number().int().positive().default(3),
  /** A subscribe request without verification is retried after this long. */
  pendingTimeoutS: z.number().int().positive().default(600),
  /** How often the renewal check runs (ms). */
  tickMs: z.number().int().positive().default(60_000),
});
export type WebSubOptions = z.infer<typeof WebSubOptions>;

export interface Subscription {
  feedId: string;
  hub: string;
  topic: string;
  secret: string;
  /** The mode we asked for and have not seen verified yet. */
  pending?: 'subscribe' | 'unsubscribe';
  requestedAt?: number;
  verifiedAt?: number;
  /** Epoch ms the granted lease ends. */
  leaseUntil?: number;
  leaseSeconds?: number;
  lastPushAt?: number;
}

export const CALLBACK_PATH = '/websub/';

export function callbackFor(baseUrl: string, feedId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${CALLBACK_PATH}${encodeURIComponent(feedId)}`;
}

export function newSecret(): string {
  return randomBytes(24).toString('hex');
}

/** The form body of a subscribe / unsubscribe request. */
export function hubRequestBody(
  sub: Subscription,
  mode: 'subscribe' | 'unsubscribe',
  callback: string,
  leaseSeconds: number,
): string {
  const form = new URLSearchParams({
    'hub.mode': mode,
    'hub.topic': sub.topic,
    'hub.callback': callback,
  });
  if (mode === 'subscribe') {
    form.set('hub.secret', sub.secret);
    form.set('hub.lease_seconds', String(leaseSeconds));
  }
  return form.toString();
}

export type VerifyAnswer =
  { status: 200; body: string; sub: Subscription } | { status: 404; reason: string };

/** Answers the hub's verification GET: echo the challenge only for what we asked and await. */
export function answerVerification(
  query: URLSearchParams,
  sub: Subscription | null,
  now: number,
): VerifyAnswer {
  const mode = query.get('hub.mode');
  const topic = query.get('hub.topic');
  const challenge = query.get('hub.challenge');
  if (!sub) return { status: 404, reason: 'no subscription for this callback' };
  if (mode === 'denied') return { status: 404, reason: 'the hub denied the subscription' };
  if (!challenge) return { status: 404, reason: 'no challenge' };
  if (topic !== sub.topic) return { status: 404, reason: 'topic does not match' };
  if (mode !== 'subscribe' && mode !== 'unsubscribe') return { status: 404, reason: 'bad mode' };
  if (sub.pending !== mode) return { status: 404, reason: `no pending ${mode} request` };
  const next: Subscription = { ...sub, verifiedAt: now };
  delete next.pending;
  if (mode === 'subscribe') {
    const lease = Number(query.get('hub.lease_seconds'));
    const seconds = Number.isFinite(lease) && lease > 0 ? lease : (sub.leaseSeconds ?? 86400);
    next.leaseSeconds = seconds;
    next.leaseUntil = now + seconds * 1000;
  } else delete next.leaseUntil;
  return { status: 200, body: challenge, sub: next };
}

const ALGORITHMS: Record<string, string> = {
  sha1: 'sha1',
  sha256: 'sha256',
  sha384: 'sha384',
  sha512: 'sha512',
};

/** Checks `X-Hub-Signature: <alg>=<hex>` (HMAC of the raw body with the subscription secret). */
export function verifySignature(header: string | undefined, body: Buffer, secret: string): boolean {
  const m = /^\s*(sha1|sha256|sha384|sha512)=([0-9a-fA-F]+)\s*$/.exec(header ?? '');
  if (!m) return false;
  const expected = createHmac(ALGORITHMS[m[1]!]!, secret).update(body).digest();
  const given = Buffer.from(m[2]!, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** True when push for this subscription is alive: verified, leased, and not quiet too long. */
export function pushAlive(
  sub: Subscription | null,
  intervalS: number,
  opts: Pick<WebSubOptions, 'quietIntervals'>,
  now: number,
): boolean {
  if (!sub?.verifiedAt || !sub.leaseUntil || sub.leaseUntil <= now) return false;
  const lastSign = Math.max(sub.lastPushAt ?? 0, sub.verifiedAt);
  return now - lastSign < opts.quietIntervals * intervalS * 1000;
}

/** The poll interval to use: stretched while push is alive, the normal one otherwise. */
export function pollIntervalS(
  sub: Subscription | null,
  intervalS: number,
  opts: Pick<WebSubOptions, 'quietIntervals' | 'pushPollFactor'>,
  now: number,
): number {
  return pushAlive(sub, intervalS, opts, now) ? intervalS * opts.pushPollFactor : intervalS;
}

export type SubscribeDecision = 'none' | 'subscribe' | 'renew';

/** Whether to (re)subscribe, given what the feed advertises now. */
export function subscribeDecision(
  sub: Subscription | null,
  hub: string,
  topic: string,
  opts: Pick<WebSubOptions, 'renewAtFraction' | 'pendingTimeoutS'>,
  now: number,
): SubscribeDecision {
  if (sub?.pending && sub.requestedAt && now - sub.requestedAt < opts.pendingTimeoutS * 1000)
    return 'none';
  if (!sub || sub.hub !== hub || sub.topic !== topic || !sub.leaseUntil) return 'subscribe';
  const leaseMs = (sub.leaseSeconds ?? 0) * 1000;
  return sub.leaseUntil - now <= leaseMs * opts.renewAtFraction ? 'renew' : 'none';
}
