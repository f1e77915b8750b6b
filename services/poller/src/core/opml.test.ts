import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@faultline/shared/paths';
import { parseOpml, writeOpml, type OpmlFeed } from './opml.ts';
import { toFeedDef, FeedEntryConfig, type FeedDef } from './feed-config.ts';

// OPML as other readers write it (fixtures modelled on each reader's export: Feedly and
// Inoreader 1.0 with folders, NetNewsWire 1.1 with nested folders, Miniflux 2.0 with its "All"
// folder), and Faultline's own export read back.

const fixture = (name: string) =>
  readFileSync(join(repoRoot, 'test/fixtures/opml', `${name}.opml`), 'utf8');

function feedsOf(name: string): OpmlFeed[] {
  const r = parseOpml(fixture(name));
  if (!r.ok) throw new Error(r.error);
  return r.feeds;
}

const toDefs = (feeds: OpmlFeed[]): FeedDef[] =>
  feeds.map((f) =>
    toFeedDef(FeedEntryConfig.parse(f), 'cli', 300, new Date('2026-12-07T00:00:00Z')),
  );

describe('parseOpml', () => {
  it('reads Feedly: folders become tags, a feed in two folders is one feed with both', () => {
    const feeds = feedsOf('feedly');
    expect(feeds).toHaveLength(3);
    expect(feeds[0]).toEqual({
      url: 'https://world.example.org/rss.xml',
      name: 'Example World Service',
      htmlUrl: 'https://world.example.org/',
      tags: ['World', 'Defence'],
    });
    expect(feeds[1]).toMatchObject({
      url: 'https://gazette.example.net/feeds/all.atom?lang=en&section=world',
      name: 'Harbour Gazette & Post',
    });
  });

  it('reads Inoreader: top-level feeds without a folder, non-Latin titles', () => {
    const feeds = feedsOf('inoreader');
    expect(feeds.map((f) => [f.name, f.tags])).toEqual([
      ['Levant Daily', ['Middle East']],
      ['Gulf Wire — عربي', ['Middle East']],
      ['Unsorted Blog', []],
    ]);
  });

  it('reads NetNewsWire: nested folders give each level as a tag', () => {
    const feeds = feedsOf('netnewswire');
    expect(feeds.map((f) => [f.url, f.tags])).toEqual([
      ['https://islandtimes.example.fj/feed.xml', ['Asia', 'Pacific']],
      ['https://toa.example.jp/rss/index.rdf', ['Asia']],
      ['https://json.example.com/feed.json', []],
    ]);
  });

  it('reads Miniflux 2.0 and skips links and non-http URLs with a reason', () => {
    const r = parseOpml(fixture('miniflux'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.title).toBe('Miniflux');
    expect(r.feeds.map((f) => f.name)).toEqual([
      'Sahel Observer',
      'Andes Report',
      'Baltic Monitor',
    ]);
    expect(r.feeds[2]!.tags).toEqual(['Europe']);
    expect(r.skipped).toEqual([
      { outline: 'Bookmark', why: 'type="link" is not a feed' },
      { outline: 'Not a feed', why: 'xmlUrl must be http(s), not javascript:' },
    ]);
  });

  it('refuses what is not OPML', () => {
    expect(parseOpml('<rss><channel/></rss>')).toEqual({
      ok: false,
      error: 'not an OPML document (no <opml> root element)',
    });
    expect(parseOpml('<opml version="2.0"><head/></opml>').ok).toBe(false);
    expect(parseOpml('not xml at all').ok).toBe(false);
  });

  it('reads OPML 2.0 categories and refuses a login that holds a secret', () => {
    const r = parseOpml(`<opml version="2.0" xmlns:fl="https://faultline.dev/ns/opml/1"><body>
      <outline text="A" xmlUrl="https://a.example/rss" category="/region:europe,/wire" language="de"
        fl:intervalS="120" fl:auth="bearer env:FEED_A_TOKEN"/>
      <outline text="B" xmlUrl="https://b.example/rss" fl:auth="bearer s3cr3t-in-clear"/>
    </body></opml>`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.feeds).toEqual([
      {
        url: 'https://a.example/rss',
        name: 'A',
        tags: ['region:europe', 'wire'],
        language: 'de',
        intervalS: 120,
        auth: { type: 'bearer', token: 'env:FEED_A_TOKEN' },
      },
    ]);
    expect(r.skipped[0]!.why).toMatch(/env:NAME/);
  });
});

describe('writeOpml', () => {
  for (const name of ['feedly', 'inoreader', 'netnewswire', 'miniflux']) {
    it(`round-trips ${name}: import, export, import gives the same feeds`, () => {
      const defs = toDefs(feedsOf(name));
      const text = writeOpml(defs, { now: new Date('2026-12-07T00:00:00Z') });
      const back = parseOpml(text);
      expect(back.ok).toBe(true);
      if (!back.ok) return;
      expect(back.skipped).toEqual([]);
      const again = toDefs(back.feeds);
      const byUrl = (l: FeedDef[]) => [...l].sort((a, b) => a.url.localeCompare(b.url));
      expect(byUrl(again)).toEqual(byUrl(defs));
      // and the export is stable
      expect(writeOpml(again, { now: new Date('2026-12-07T00:00:00Z') })).toBe(text);
    });
  }

  it('writes settings, logins (references only) and escapes text', () => {
    const text = writeOpml([
      {
        id: 'f_1',
        url: 'https://x.example/rss?a=1&b=2',
        name: 'X "quoted" <news>',
        tags: ['region:europe', 'wire'],
        intervalS: 600,
        language: 'fr',
        fullText: true,
        auth: { type: 'basic', username: 'reader', password: 'env:X_PASS' },
        source: 'cli',
        addedAt: '2026-12-07T00:00:00Z',
      },
    ]);
    expect(text).toContain('<outline text="region:europe" title="region:europe">');
    expect(text).toContain('xmlUrl="https://x.example/rss?a=1&amp;b=2"');
    expect(text).toContain('text="X &quot;quoted&quot; &lt;news&gt;"');
    expect(text).toContain('faultline:auth="basic reader env:X_PASS"');
    expect(text).toContain('category="/region:europe,/wire"');
    const back = parseOpml(text);
    expect(back.ok && back.feeds[0]).toMatchObject({
      name: 'X "quoted" <news>',
      intervalS: 600,
      fullText: true,
      language: 'fr',
      auth: { type: 'basic', username: 'reader', password: 'env:X_PASS' },
    });
  });
});
