import { describe, it, expect } from 'vitest';
import iconv from 'iconv-lite';
import { parseFeed } from './parse-feed.ts';

async function parse(body: string | Buffer, headers: Record<string, string> = {}) {
  const r = await parseFeed(
    Buffer.isBuffer(body) ? body : Buffer.from(body),
    headers,
    'https://ex.org/feed.xml',
  );
  if (!r.ok) throw new Error(r.reason);
  return r.feed;
}

const ATOM = 'xmlns="http://www.w3.org/2005/Atom"';

describe('order-preserving text constructs', () => {
  it('keeps the order of inline XHTML in Atom titles and content', async () => {
    const feed = await parse(
      `<feed ${ATOM}><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Example <b>Atom</b> feed</div></title>` +
        `<entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">History of the &lt;blink&gt; <i>tag</i></div></title>` +
        `<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Example <b>Atom</b> body</div></content></entry></feed>`,
    );
    expect(feed.title).toBe('Example Atom feed');
    expect(feed.entries[0]!.title).toBe('History of the <blink> tag');
    expect(feed.entries[0]!.content).toBe('Example <b>Atom</b> body');
    expect(feed.entries[0]!.contentType).toBe('html');
  });
  it('decodes Atom 0.3 base64 and escaped titles, and drops scripts from titles', async () => {
    const b64 = Buffer.from('Example <b>Atom</b>').toString('base64');
    const feed = await parse(
      `<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title type="text/html" mode="escaped">&lt;b&gt;Safe&lt;/b&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>` +
        `<entry><title type="text/html" mode="base64">${b64}</title></entry></feed>`,
    );
    expect(feed.title).toBe('Safe');
    expect(feed.entries[0]!.title).toBe('Example Atom');
  });
  it('keeps naked markup in an RSS description and reads dc:subject / itunes:category', async () => {
    const feed = await parse(
      '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:itunes="http://www.itunes.com/DTDs/Podcast-1.0.dtd"><channel><item><title>T</title>' +
        '<description><p>One <b>two</b> three</p></description><dc:subject>World</dc:subject><itunes:category text="News"/></item></channel></rss>',
    );
    expect(feed.entries[0]!.content).toBe('<p>One <b>two</b> three</p>');
    expect(feed.entries[0]!.categories).toEqual(['World', 'News']);
  });
  it('reads CDF channels', async () => {
    const feed = await parse(
      '<CHANNEL HREF="http://www.example.org/"><TITLE>Example feed</TITLE><ITEM HREF="/a" LASTMOD="2004-04-06T23:05:43-05:00"><TITLE>Item</TITLE><ABSTRACT>Sum</ABSTRACT></ITEM></CHANNEL>',
    );
    expect(feed.title).toBe('Example feed');
    expect(feed.entries[0]).toMatchObject({
      title: 'Item',
      content: 'Sum',
      link: 'https://ex.org/a',
      publishedAt: '2004-04-07T04:05:43.000Z',
    });
  });
});

describe('characters', () => {
  it('guesses an undeclared non-UTF-8 charset and maps windows-1252 C1 points', async () => {
    const text =
      '<rss version="2.0"><channel><title>Новости</title><item><title>Москва и НАТО обсуждают безопасность в Европе</title>' +
      '<description>Министр иностранных дел заявил, что переговоры продолжатся на следующей неделе</description></item></channel></rss>';
    const feed = await parse(iconv.encode(text, 'windows-1251'));
    expect(feed.encoding).toBe('windows-1251');
    expect(feed.entries[0]!.title).toBe('Москва и НАТО обсуждают безопасность в Европе');
    const c1 = await parse(
      '<rss version="2.0"><channel><title>t &lang;x&rang;</title><item><title>don&#146;t</title><description>don\u0092t</description></item></channel></rss>',
    );
    expect(c1.title).toBe('t \u2329x\u232a');
    expect(c1.entries[0]!.title).toBe('don\u2019t');
    expect(c1.entries[0]!.content).toBe('don\u2019t');
  });
});
