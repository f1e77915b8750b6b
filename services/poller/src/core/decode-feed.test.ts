import { describe, it, expect } from 'vitest';
import iconv from 'iconv-lite';
import { decodeFeed } from './decode-feed.ts';
import { parseFeed } from './parse-feed.ts';
import { applyOutcome, emptyState } from './schedule.ts';
import { decodeState, encodeState } from '@faultline/shared/state/feed-record';

const feed = (decl: string, title: string) =>
  `<?xml version="1.0" encoding="${decl}"?><rss version="2.0"><channel><title>${title}</title><item><title>${title}</title><guid>g</guid></item></channel></rss>`;

describe('decodeFeed charset choice', () => {
  it('reads valid UTF-8 declared in the body as UTF-8 when the header says ISO-8859-1', () => {
    const bytes = Buffer.from(feed('UTF-8', 'Zürich – Kyjiw'), 'utf8');
    const d = decodeFeed(bytes, 'application/rss+xml; charset=ISO-8859-1');
    expect(d.text).toContain('Zürich – Kyjiw');
    expect(d).toMatchObject({ encoding: 'utf-8', encodingSource: 'xml' });
    expect(d.note).toMatch(/HTTP header says iso-8859-1/);
  });
  it('still follows the header when the body is real Latin-1 (not valid UTF-8)', () => {
    const bytes = iconv.encode(feed('UTF-8', 'Zürich'), 'latin1');
    const d = decodeFeed(bytes, 'text/xml; charset=ISO-8859-1');
    expect(d.text).toContain('Zürich');
    expect(d).toMatchObject({ encoding: 'iso-8859-1', encodingSource: 'http' });
  });
  it('follows a non-default header charset over the declaration (RFC 7303)', () => {
    const bytes = iconv.encode(feed('UTF-8', 'Москва'), 'koi8-r');
    expect(decodeFeed(bytes, 'text/xml; charset=koi8-r').text).toContain('Москва');
  });
  it('notes the windows-1252 fallback for invalid bytes in declared UTF-8', () => {
    // é as one Latin-1 byte (0xE9) in a feed that declares UTF-8.
    const broken = Buffer.from(feed('UTF-8', 'caf\u00e9'), 'latin1');
    const d = decodeFeed(broken, 'application/rss+xml; charset=utf-8');
    expect(d).toMatchObject({ encoding: 'windows-1252', encodingSource: 'fallback' });
    expect(d.note).toMatch(/not valid UTF-8/);
    expect(d.text).toContain('café');
  });
});

describe('the charset note on the feed status', () => {
  it('travels from parseFeed to the stored state, and clears on a clean read', async () => {
    const broken = Buffer.from(feed('UTF-8', 'caf\u00e9'), 'latin1');
    const r = await parseFeed(broken, {}, 'https://ex.org/f');
    expect(r.ok && r.feed.encodingNote).toMatch(/windows-1252/);
    const opts = { maxIntervalFactor: 8, maxBackoffS: 3600, maxFailures: 3, jitter: 0 };
    const note = r.ok ? r.feed.encodingNote : undefined;
    const s = applyOutcome(
      emptyState(),
      { kind: 'ok', status: 200, newItems: 1, ...(note ? { encodingNote: note } : {}) },
      60,
      opts,
      Date.now(),
    ).state;
    expect(decodeState(encodeState(s)).encodingNote).toBe(note);
    const clean = applyOutcome(s, { kind: 'ok', status: 200, newItems: 0 }, 60, opts, Date.now());
    expect(clean.state.encodingNote).toBeUndefined();
  });
});
