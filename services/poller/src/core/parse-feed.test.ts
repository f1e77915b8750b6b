import { describe, it, expect } from 'vitest';
import iconv from 'iconv-lite';
import { gzipSync } from 'node:zlib';
import { parseFeed } from './parse-feed.ts';

const rss = (items: string, decl = '<?xml version="1.0" encoding="utf-8"?>') =>
  `${decl}<rss version="2.0"><channel><title>T</title><link>https://ex.org/</link>${items}</channel></rss>`;

async function parse(body: string | Buffer, headers: Record<string, string> = {}) {
  const r = await parseFeed(
    Buffer.isBuffer(body) ? body : Buffer.from(body),
    headers,
    'https://ex.org/feed.xml',
  );
  if (!r.ok) throw new Error(r.reason);
  return r.feed;
}

describe('parseFeed', () => {
  it('decodes windows-1251 from the XML declaration and KOI8-R from the HTTP header', async () => {
    const text = rss(
      '<item><title>Москва и НАТО</title><link>/a</link></item>',
      '<?xml version="1.0" encoding="windows-1251"?>',
    );
    expect((await parse(iconv.encode(text, 'windows-1251'))).entries[0]!.title).toBe(
      'Москва и НАТО',
    );
    const koi = rss('<item><title>Киев</title></item>', '<?xml version="1.0"?>');
    const feed = await parse(iconv.encode(koi, 'koi8-r'), {
      'content-type': 'application/rss+xml; charset=KOI8-R',
    });
    expect(feed.entries[0]!.title).toBe('Киев');
    expect(feed.encoding).toBe('koi8-r');
  });
  it('survives a BOM, junk before the first tag and gzip without a header', async () => {
    const body = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('\n\n  junk' + rss('<item><title>A</title></item>')),
    ]);
    expect((await parse(body)).entries).toHaveLength(1);
    expect((await parse(gzipSync(rss('<item><title>Z</title></item>')))).entries[0]!.title).toBe(
      'Z',
    );
  });
  it('never expands entity declarations (billion laughs, external entities)', async () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&c;</title><item><title>&x; &c;</title></item></channel></rss>`;
    const feed = await parse(bomb);
    expect(feed.entries[0]!.title).toBe('&x; &c;');
    expect(feed.title).toBe('&c;');
  });
  it('decodes HTML entities, resolves relative links, normalises dates to UTC', async () => {
    const feed = await parse(
      rss(`<item><title>Caf&eacute; &amp; bar &nbsp;&#8217;s</title><link>/news/1?utm_source=x</link>
      <pubDate>Tue, 10 Jun 2003 04:00:00 EST</pubDate><guid isPermaLink="false">abc</guid></item>
      <item><title>No date</title><link>b/2</link></item>`),
    );
    const [a, b] = feed.entries;
    expect(a!.title).toBe('Café & bar \u00a0’s');
    expect(a!.link).toBe('https://ex.org/news/1?utm_source=x');
    expect(a!.publishedAt).toBe('2003-06-10T09:00:00.000Z');
    expect(a!.guid).toBe('abc');
    expect(b!.publishedAt).toBeUndefined();
    expect(b!.link).toBe('https://ex.org/b/2');
  });
  it('reads Atom with xml:base, RDF and JSON Feed', async () => {
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://ex.org/blog/"><title>A</title>
      <link rel="hub" href="https://hub.ex.org/"/><entry><id>tag:1</id><title type="html">&lt;b&gt;Bold&lt;/b&gt; move</title>
      <link rel="alternate" href="post-1"/><updated>2024-01-02T03:04:05+02:00</updated><content type="html">&lt;p&gt;x&lt;/p&gt;</content></entry></feed>`;
    const f = await parse(atom);
    expect(f.format).toBe('atom');
    expect(f.hubUrl).toBe('https://hub.ex.org/');
    expect(f.entries[0]).toMatchObject({
      title: 'Bold move',
      link: 'https://ex.org/blog/post-1',
      publishedAt: '2024-01-02T01:04:05.000Z',
      guid: 'tag:1',
      contentType: 'html',
    });
    const rdf = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="x"><title>R</title><link>https://ex.org/</link></channel>
      <item rdf:about="https://ex.org/1"><title>One</title><link>https://ex.org/1</link><dc:date>2024-05-01T10:00:00Z</dc:date></item></rdf:RDF>`;
    expect((await parse(rdf)).entries[0]).toMatchObject({
      title: 'One',
      publishedAt: '2024-05-01T10:00:00.000Z',
    });
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'J',
      items: [{ id: '1', url: '/x', title: 'X', content_html: '<p>x</p>' }],
    });
    expect((await parse(json)).entries[0]).toMatchObject({
      link: 'https://ex.org/x',
      contentType: 'html',
    });
  });
  it('repairs unclosed markup and rejects non-feeds with a reason', async () => {
    const truncated = rss('<item><title>A</title></item><item><title>B</title>').replace(
      '</channel></rss>',
      '',
    );
    expect((await parse(truncated)).entries.map((e) => e.title)).toEqual(['A', 'B']);
    const r = await parseFeed(
      Buffer.from('<html><body>hello</body></html>'),
      {},
      'https://ex.org/',
    );
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/not an RSS/) });
    expect(await parseFeed(Buffer.alloc(0), {}, 'https://ex.org/')).toMatchObject({ ok: false });
  });
  it('a document that trips the XML reader settles with a reason and spoils no later parse', async () => {
    // A child element named `_` (xml2js's text key) throws inside xml2js; with one reader shared
    // across parses, the repaired second attempt then never called back and the promise hung.
    const odd = rss('<item><title><_>x</_></title></item>');
    for (let round = 0; round < 3; round++) {
      const r = await parseFeed(Buffer.from(odd), {}, 'https://ex.org/feed.xml');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/XML reader cannot read this document/);
      const next = await parse(rss('<item><title>Still read</title></item>'));
      expect(next.entries.map((e) => e.title)).toEqual(['Still read']);
    }
  });
});
