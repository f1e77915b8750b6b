import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseMessage, wrap } from './envelope.ts';
import { RawItemMessage } from './raw-item.ts';

const raw = {
  itemId: 'i_1',
  feedId: 'f_1',
  feedUrl: 'https://example.com/rss',
  revision: 0,
  title: 'Title',
  content: '<p>Body</p>',
  contentType: 'html',
  publishedAt: '2021-12-14T10:00:00.000Z',
  fetchedAt: '2021-12-14T10:01:00.000Z',
};

describe('parseMessage', () => {
  it('round-trips a versioned envelope and fills defaults', () => {
    const bytes = Buffer.from(JSON.stringify(wrap(1, 'i_1', raw)));
    const parsed = parseMessage(RawItemMessage, bytes);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.value.data.tags).toEqual([]);
      expect(parsed.value.data.dateMissing).toBe(false);
    }
  });

  it('says what is wrong with a bad message', () => {
    expect(parseMessage(RawItemMessage, Buffer.from('{nope'))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^not JSON/),
    });
    expect(parseMessage(RawItemMessage, null)).toMatchObject({ ok: false });
    const wrongVersion = parseMessage(
      RawItemMessage,
      JSON.stringify({ ...wrap(1, 'x', raw), v: 2 }),
    );
    expect(wrongVersion).toMatchObject({ ok: false, error: expect.stringContaining('v:') });
    const noTitle = parseMessage(
      RawItemMessage,
      JSON.stringify(wrap(1, 'x', { ...raw, title: undefined })),
    );
    expect(noTitle).toMatchObject({ ok: false, error: expect.stringContaining('data.title') });
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        const r = parseMessage(RawItemMessage, Buffer.from(bytes));
        expect(typeof r.ok).toBe('boolean');
      }),
    );
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const r = parseMessage(RawItemMessage, JSON.stringify(value));
        expect(r.ok).toBe(false);
      }),
    );
  });
});
