import { describe, it, expect } from 'vitest';
import { createHmac } from 'node:crypto';
import {
  WebSubOptions,
  answerVerification,
  pollIntervalS,
  subscribeDecision,
  verifySignature,
  type Subscription,
} from './websub.ts';

const opts = WebSubOptions.parse({ pushPollFactor: 6, quietIntervals: 3, renewAtFraction: 0.2 });
const T0 = Date.UTC(2025, 0, 1);
const sub = (over: Partial<Subscription> = {}): Subscription => ({
  feedId: 'f',
  hub: 'https://hub.example/',
  topic: 'https://ex.org/feed',
  secret: 's3cret',
  ...over,
});

describe('websub core', () => {
  it('echoes the challenge only for a pending request of the same mode and topic', () => {
    const q = (mode: string, topic = 'https://ex.org/feed') =>
      new URLSearchParams({
        'hub.mode': mode,
        'hub.topic': topic,
        'hub.challenge': 'abc',
        'hub.lease_seconds': '600',
      });
    const pending = sub({ pending: 'subscribe', requestedAt: T0 });
    const ok = answerVerification(q('subscribe'), pending, T0 + 1000);
    expect(ok).toMatchObject({ status: 200, body: 'abc' });
    if (ok.status === 200) {
      expect(ok.sub.leaseUntil).toBe(T0 + 1000 + 600_000);
      expect(ok.sub.pending).toBeUndefined();
    }
    expect(answerVerification(q('subscribe'), sub(), T0).status).toBe(404);
    expect(answerVerification(q('unsubscribe'), pending, T0).status).toBe(404);
    expect(answerVerification(q('subscribe', 'https://other/'), pending, T0).status).toBe(404);
    expect(answerVerification(q('subscribe'), null, T0).status).toBe(404);
  });

  it('checks sha1 and sha256 signatures and refuses anything else', () => {
    const body = Buffer.from('<feed/>');
    const sig = (alg: string, key = 's3cret') =>
      `${alg}=${createHmac(alg, key).update(body).digest('hex')}`;
    expect(verifySignature(sig('sha1'), body, 's3cret')).toBe(true);
    expect(verifySignature(sig('sha256'), body, 's3cret')).toBe(true);
    expect(verifySignature(sig('sha256', 'wrong'), body, 's3cret')).toBe(false);
    expect(verifySignature(sig('md5'), body, 's3cret')).toBe(false);
    expect(verifySignature(undefined, body, 's3cret')).toBe(false);
    expect(verifySignature('sha256=zz', body, 's3cret')).toBe(false);
  });

  it('polls less often while push is alive and falls back when the hub goes quiet', () => {
    const live = sub({ verifiedAt: T0, leaseUntil: T0 + 86_400_000, lastPushAt: T0 });
    expect(pollIntervalS(live, 300, opts, T0 + 60_000)).toBe(1800);
    // No push for 3 normal intervals: back to the normal interval.
    expect(pollIntervalS(live, 300, opts, T0 + 3 * 300_000 + 1)).toBe(300);
    // Lease expired or never verified: normal interval.
    expect(pollIntervalS({ ...live, leaseUntil: T0 + 1 }, 300, opts, T0 + 2)).toBe(300);
    expect(pollIntervalS(sub(), 300, opts, T0)).toBe(300);
  });

  it('subscribes when new or the hub changed, renews near lease end, waits while pending', () => {
    const hub = 'https://hub.example/';
    const topic = 'https://ex.org/feed';
    expect(subscribeDecision(null, hub, topic, opts, T0)).toBe('subscribe');
    const active = sub({ verifiedAt: T0, leaseSeconds: 1000, leaseUntil: T0 + 1_000_000 });
    expect(subscribeDecision(active, hub, topic, opts, T0 + 100_000)).toBe('none');
    expect(subscribeDecision(active, hub, topic, opts, T0 + 850_000)).toBe('renew');
    expect(subscribeDecision(active, 'https://hub2/', topic, opts, T0)).toBe('subscribe');
    const pending = { ...active, pending: 'subscribe' as const, requestedAt: T0 + 850_000 };
    expect(subscribeDecision(pending, hub, topic, opts, T0 + 860_000)).toBe('none');
  });
});
