import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { sharedDataPath } from '@faultline/shared/paths';
import { safeFetch, closeAgents } from '@faultline/shared/net';
import { RawItemV1, type RawItem } from '@faultline/shared/schemas';
import { parseFeed } from '../../services/poller/src/core/parse-feed.ts';
import { cleanItem } from '../../services/cleaner/src/core/clean-item.ts';
import { renderRss, startFeedServer, type FeedServer } from '../support/feed-server.ts';

// Bad input through the same pure cores production runs (parseFeed -> cleanItem) and the real
// fetcher: every case yields a clear error or cleaned items, never a throw, a hang or a crash.

const URL_ = 'https://example.com/feed.xml';
const HEADERS = { 'content-type': 'application/rss+xml' };

async function parseSafely(bytes: Buffer) {
  const started = Date.now();
  const result = await parseFeed(bytes, HEADERS, URL_);
  return { result, ms: Date.now() - started };
}

function raw(title: string, content: string, contentType: 'html' | 'text' = 'html'): RawItem {
  const now = new Date().toISOString();
  return RawItemV1.parse({
    itemId: 'i_bad',
    feedId: 'f_bad',
    feedUrl: URL_,
    revision: 0,
    title,
    content,
    contentType,
    publishedAt: now,
    fetchedAt: now,
  });
}

function expectClear(result: { ok: boolean; reason?: string }) {
  if (!result.ok) expect(result.reason, 'error must say why').toMatch(/\w{3,}/);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

describe('bad input: feeds', () => {
  const suite = sharedDataPath('feedparser-suite', 'illformed');
  it.skipIf(!suite)(
    'the feedparser ill-formed suite: an error or entries, never a throw',
    async () => {
      const files = listFiles(suite!);
      expect(files.length).toBeGreaterThan(5);
      const outcomes: Record<string, string> = {};
      for (const f of files) {
        const { result } = await parseSafely(readFileSync(f));
        expectClear(result);
        outcomes[f.slice(suite!.length + 1)] = result.ok
          ? `${result.feed.entries.length} entries`
          : `error: ${result.reason}`;
      }
      process.stdout.write(`BADINPUT ${JSON.stringify({ illformed: outcomes })}\n`);
    },
  );
  if (!suite)
    process.stderr.write('bad-input: ../shared/data/feedparser-suite absent, suite skipped\n');

  it('random bytes, empty, binary and truncated gzip bodies give clear errors', async () => {
    const xml = Buffer.from(
      renderRss('x', 'https://example.com', [{ guid: 'a', title: 'A', body: 'b' }]),
    );
    const gz = gzipSync(xml);
    const cases: Record<string, Buffer> = {
      empty: Buffer.alloc(0),
      random: randomBytes(64 * 1024),
      nulls: Buffer.alloc(4096),
      truncatedGzip: gz.subarray(0, Math.floor(gz.length / 2)),
      gzipOfRandom: gzipSync(randomBytes(4096)),
      html: Buffer.from('<html><body><p>not a feed</p></body></html>'),
      json: Buffer.from('{"not":"a feed"'),
    };
    for (const [name, bytes] of Object.entries(cases)) {
      const { result } = await parseSafely(bytes);
      expectClear(result);
      if (name !== 'html') expect(result.ok && result.feed.entries.length > 0, name).toBe(false);
    }
  });

  it('a 10,000-item feed parses within bounds and every entry cleans or fails clearly', async () => {
    const items = Array.from({ length: 10_000 }, (_, i) => ({
      guid: `g${i}`,
      title: `Item ${i} ☃ 🚀 مرحبا بالعالم`,
      body: `<p>Paragraph ${i} with <b>bold</b> text and שלום עולם and emoji 👩‍👩‍👧.</p>`,
    }));
    const { result, ms } = await parseSafely(
      Buffer.from(renderRss('big', 'https://example.com', items)),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.feed.entries.length).toBeGreaterThan(0);
    process.stdout.write(
      `BADINPUT ${JSON.stringify({ tenThousandItems: { entries: result.feed.entries.length, parseMs: ms } })}\n`,
    );
  }, 60_000);

  it('a 50 MB feed is refused by the fetcher size cap, not buffered without bound', async () => {
    let server: FeedServer | null = null;
    try {
      server = await startFeedServer();
      const big = Buffer.alloc(50 * 1024 * 1024, 'a');
      big.write('<?xml version="1.0"?><rss><channel><title>');
      server.setRaw('/big.xml', big);
      await expect(
        safeFetch(server.feedUrl('/big.xml'), { allowPrivate: true, maxBytes: 10 * 1024 * 1024 }),
      ).rejects.toMatchObject({ code: 'too-large' });
      server.setRaw('/bomb.xml', gzipSync(big), {
        'content-type': 'application/rss+xml',
        'content-encoding': 'gzip',
      });
      await expect(
        safeFetch(server.feedUrl('/bomb.xml'), { allowPrivate: true, maxBytes: 10 * 1024 * 1024 }),
      ).rejects.toMatchObject({ code: 'too-large' });
      server.setRaw(
        '/trunc.xml',
        gzipSync(Buffer.from('<rss>' + 'x'.repeat(100_000))).subarray(0, 500),
        { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' },
      );
      const trunc = await safeFetch(server.feedUrl('/trunc.xml'), { allowPrivate: true }).then(
        (r) => ({ ok: true as const, bytes: r.body.length }),
        (e: Error) => ({ ok: false as const, error: e.message }),
      );
      process.stdout.write(`BADINPUT ${JSON.stringify({ truncatedGzipOverHttp: trunc })}\n`);
      if (trunc.ok) expectClear((await parseSafely(Buffer.alloc(0))).result);
    } finally {
      await server?.close();
      await closeAgents();
    }
  }, 60_000);

  it('a 50 MB body handed to the parser is refused or parsed without crashing', async () => {
    const body = 'x'.repeat(50 * 1024 * 1024);
    const xml = Buffer.from(
      renderRss('huge', 'https://example.com', [{ guid: 'h', title: 'Huge', body }]),
    );
    const { result, ms } = await parseSafely(xml);
    expectClear(result);
    process.stdout.write(
      `BADINPUT ${JSON.stringify({ fiftyMbParse: result.ok ? 'parsed' : result.reason, ms })}\n`,
    );
  }, 60_000);
});

describe('bad input: items through the cleaner', () => {
  const cases: Record<string, RawItem> = {
    deeplyNestedHtml: raw(
      'Nested',
      '<div>'.repeat(20_000) +
        '<p>Deep text here that is long enough to keep.</p>' +
        '</div>'.repeat(20_000),
    ),
    unclosedTags: raw('Unclosed', '<p><b><i><div><span>Text without end '.repeat(500)),
    invalidUtf8: raw(
      'Bad \ud800 surrogate',
      Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc]).toString(
        'utf8',
      ) + ' real words follow here in English.',
    ),
    emojiRtl: raw(
      '🚨 تصعيد عسكري على الحدود 🚨',
      '<p>القوات الروسية تتحرك قرب الحدود الأوكرانية. 🇷🇺🇺🇦 הצבא בכוננות. English text follows too.</p>',
    ),
    enormousTitle: raw('War '.repeat(250_000), '<p>Short body.</p>'),
    emptyBody: raw('', ''),
    scriptsOnly: raw(
      'Scripts',
      '<script>alert(1)</script><style>p{}</style><iframe src="x"></iframe>',
    ),
    controlChars: raw(
      'Ctl\u0000\u0007\u001b[31m',
      'Text\u0000with\u0008controls\u202eand bidi overrides.',
    ),
    hugeText: raw('Huge', 'word '.repeat(2_000_000), 'text'),
  };
  it.each(Object.keys(cases))(
    '%s: cleaned or refused with a reason, quickly',
    (name) => {
      const started = Date.now();
      const result = cleanItem(cases[name]!);
      const ms = Date.now() - started;
      expectClear(result);
      if (result.ok) {
        expect(typeof result.value.text).toBe('string');
        expect(result.value.text).not.toMatch(/<script/);
        expect(result.value.text).not.toContain('\u0000');
      }
      process.stdout.write(
        `BADINPUT ${JSON.stringify({ clean: name, ok: result.ok, ms, ...(result.ok ? {} : { reason: result.reason }) })}\n`,
      );
      expect(ms).toBeLessThan(20_000);
    },
    30_000,
  );
});
