import { describe, it, expect } from 'vitest';
import { parseFeed } from './parse-feed.ts';
import { buildItemSafely } from './feed-reader.ts';

const atom = (entries: string, head = '') =>
  `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>${head}${entries}</feed>`;

async function entriesOf(body: string) {
  const r = await parseFeed(Buffer.from(body), {}, 'https://ex.org/feed.xml');
  if (!r.ok) throw new Error(r.reason);
  return r.feed.entries;
}

describe('one bad item does not sink the feed', () => {
  it('keeps an Atom entry with an invalid <published> or <updated>, without a date', async () => {
    const entries = await entriesOf(
      atom(
        '<entry><id>1</id><title>A</title><published>not a date</published></entry>' +
          '<entry><id>2</id><title>B</title><updated>2024-13-45T99:00:00Z</updated></entry>' +
          '<entry><id>3</id><title>C</title><updated>2024-01-02T03:04:05Z</updated></entry>',
      ),
    );
    expect(entries.map((e) => e.title)).toEqual(['A', 'B', 'C']);
    expect(entries[0]!.publishedAt).toBeUndefined();
    expect(entries[1]!.publishedAt).toBeUndefined();
    expect(entries[2]!.publishedAt).toBe('2024-01-02T03:04:05.000Z');
  });
  it('keeps entries and the feed when a <link> has no attributes', async () => {
    const entries = await entriesOf(
      atom(
        '<entry><id>1</id><title>A</title><link>https://ex.org/a</link></entry>' +
          '<entry><id>2</id><title>B</title><link href="/b"/></entry>',
        '<link>https://ex.org/</link>',
      ),
    );
    expect(entries.map((e) => e.link)).toEqual(['https://ex.org/a', 'https://ex.org/b']);
  });
  it('reads an RSS item with a bad pubDate, and a channel-less <rss> as an empty feed', async () => {
    const rss = await entriesOf(
      '<rss version="2.0"><channel><title>x</title><item><title>A</title><pubDate>garbage</pubDate></item>' +
        '<item><title>B</title><pubDate>Tue, 02 Jan 2024 10:00:00 GMT</pubDate></item></channel></rss>',
    );
    expect(rss.map((e) => [e.title, e.publishedAt])).toEqual([
      ['A', undefined],
      ['B', '2024-01-02T10:00:00.000Z'],
    ]);
    expect(await entriesOf('<rss version="2.0"></rss>')).toEqual([]);
  });
  it('builds an item from its raw fields when the library builder throws', () => {
    const item = buildItemSafely(
      {
        title: [{ _: 'Raw title', $: { type: 'text' } }],
        id: ['urn:x'],
        link: [{ $: { rel: 'alternate', href: 'https://ex.org/x' } }],
        published: ['garbage'],
      },
      () => {
        throw new TypeError('boom');
      },
    );
    expect(item).toMatchObject({
      title: 'Raw title',
      id: 'urn:x',
      link: 'https://ex.org/x',
      published: 'garbage',
    });
  });
});
