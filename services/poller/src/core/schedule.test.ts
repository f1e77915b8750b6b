import { describe, it, expect } from 'vitest';
import { applyOutcome, emptyState, parseRetryAfter } from './schedule.ts';
import { decodeState, encodeState } from '@faultline/shared/state/feed-record';
import { canonicalLink, identityOf } from './item-identity.ts';
import { detectChanges, identifyEntry } from './to-raw-item.ts';

const opts = { maxIntervalFactor: 8, maxBackoffS: 3600, maxFailures: 3, jitter: 0 };
const now = Date.UTC(2025, 0, 1);

describe('applyOutcome', () => {
  it('stretches the interval of unchanged feeds up to the factor', () => {
    let s = emptyState();
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const next = applyOutcome(s, { kind: 'not-modified', status: 304 }, 60, opts, now);
      s = next.state;
      delays.push((next.nextDueMs - now) / 1000);
    }
    expect(delays[0]).toBe(90);
    expect(delays.at(-1)).toBe(480);
    const fresh = applyOutcome(
      s,
      { kind: 'ok', status: 200, newItems: 2, etag: '"e"' },
      60,
      opts,
      now,
    );
    expect(fresh.nextDueMs - now).toBe(60_000);
    expect(fresh.state).toMatchObject({
      etag: '"e"',
      lastItems: 2,
      unchangedStreak: 0,
      lastOutcome: 'new-items',
    });
  });
  it('backs off on failure, honours Retry-After and pauses after maxFailures', () => {
    let s = emptyState();
    const a = applyOutcome(
      s,
      { kind: 'error', status: 429, error: 'rate limited', retryAfterS: 900 },
      60,
      opts,
      now,
    );
    expect(a.nextDueMs - now).toBe(900_000);
    s = a.state;
    s = applyOutcome(s, { kind: 'error', error: 'timeout' }, 60, opts, now).state;
    const c = applyOutcome(s, { kind: 'error', error: 'timeout' }, 60, opts, now);
    expect(c.state.paused).toBe(true);
    expect(c.state.pauseReason).toMatch(/3 failures.*timeout/);
    expect(c.nextDueMs).toBe(Infinity);
    expect(decodeState(encodeState(c.state))).toEqual(c.state);
  });
  it('caps a huge Retry-After at maxBackoffS instead of throwing a RangeError', () => {
    const retryAfterS = parseRetryAfter('99999999999', now);
    const next = applyOutcome(
      emptyState(),
      { kind: 'error', status: 503, error: 'busy', ...(retryAfterS ? { retryAfterS } : {}) },
      60,
      opts,
      now,
    );
    expect(next.nextDueMs - now).toBe(3600_000);
    expect(next.state.nextDueAt).toBe(new Date(now + 3600_000).toISOString());
    const far = parseRetryAfter('9'.repeat(400), now);
    expect(far).toBe(Number.MAX_SAFE_INTEGER);
    const date = parseRetryAfter('Fri, 31 Dec 9999 23:59:59 GMT', now);
    const d = applyOutcome(
      emptyState(),
      { kind: 'error', error: 'x', retryAfterS: date! },
      60,
      opts,
      now,
    );
    expect(d.nextDueMs - now).toBe(3600_000);
  });
  it('parses Retry-After seconds and dates', () => {
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter(new Date(now + 30_000).toUTCString(), now)).toBe(30);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('identity and changes', () => {
  it('strips tracking parameters and prefers the guid', () => {
    expect(canonicalLink('https://ex.org/a?utm_source=x&id=3&fbclid=y#top')).toBe(
      'https://ex.org/a?id=3',
    );
    expect(identityOf({ guid: 'g', link: 'https://x', title: '', content: '' })).toBe('guid:g');
    expect(identityOf({ link: 'https://ex.org/a?utm_medium=rss', title: '', content: '' })).toBe(
      'link:https://ex.org/a',
    );
    expect(identityOf({ title: 't', content: 'c' })).toMatch(/^hash:/);
  });
  it('produces new items once and edited items with the next revision', () => {
    const e = {
      title: 'A',
      content: 'x',
      contentType: 'text' as const,
      categories: [],
      guid: 'g1',
    };
    const c1 = identifyEntry(e, 'f1');
    expect(detectChanges([c1, c1], new Map())).toEqual([{ candidate: c1, revision: 0 }]);
    const seen = new Map([[c1.itemId, { hash: c1.contentHash, revision: 0 }]]);
    expect(detectChanges([c1], seen)).toEqual([]);
    const edited = identifyEntry({ ...e, title: 'A (updated)' }, 'f1');
    expect(edited.itemId).toBe(c1.itemId);
    expect(detectChanges([edited], seen)).toEqual([{ candidate: edited, revision: 1 }]);
  });
});
