import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { createRedis } from '@faultline/shared/queue';
import { feedIdFor } from '@faultline/shared/ids';
import { loadConfig } from '@faultline/shared/config';
import { run } from '../../services/cli/src/commands/feeds.ts';
import { PollerConfig } from '../../services/poller/src/config.ts';
import { FeedStore } from '@faultline/shared/state/feed-registry';
import { readAudit } from '@faultline/shared/state/audit-log';
import { REDIS_URL, uniqueName } from '../support/brokers.ts';
import { repoRoot } from '@faultline/shared/paths';

// `faultline feeds add|ls|pause|resume|rm` against the real Redis, isolated by a unique key
// prefix (set through the config environment, as an operator would).

const prefix = `${uniqueName('test-feeds-cli')}:`;
const url = 'https://news.example.org/world/rss.xml';
const id = feedIdFor(url);
let redis: Redis;
let store: FeedStore;
const saved = { ...process.env };

async function cli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  try {
    return { code: await run(args), out, err };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

beforeAll(() => {
  process.env.FAULTLINE_POLLER__KEY_PREFIX = prefix;
  process.env.FAULTLINE_REDIS__KEY_PREFIX = prefix; // the audit log's
  process.env.FAULTLINE_REDIS__URL = REDIS_URL;
  // Never touch the shared registry: the CLI must resolve to the unique prefix.
  const config = loadConfig(PollerConfig);
  if (config.poller.keyPrefix !== prefix || config.redis.keyPrefix !== prefix)
    throw new Error('test key prefix not applied');
  redis = createRedis(REDIS_URL);
  store = new FeedStore(redis, prefix);
});

afterAll(async () => {
  process.env = saved;
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

describe('faultline feeds', () => {
  it('adds a feed to the Redis registry, due at once', async () => {
    const r = await cli(
      'add',
      url,
      '--exact',
      '--name',
      'Example World',
      '--tags',
      'world, defence',
      '--interval',
      '120',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out[0]!)).toEqual({ added: id, url, intervalS: 120 });
    const got = await store.get(id);
    expect(got?.def).toMatchObject({
      url,
      name: 'Example World',
      tags: ['world', 'defence'],
      intervalS: 120,
      source: 'cli',
    });
    expect(Number(await redis.zscore(store.key('due'), id))).toBeLessThanOrEqual(Date.now());
  });

  it('refuses an invalid URL with exit code 2', async () => {
    const r = await cli('add', 'not a url');
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/url/);
  });

  it('lists feeds as text and as JSON', async () => {
    const text = await cli('ls');
    expect(text.code).toBe(0);
    expect(text.out.some((l) => l.includes(url) && l.includes('not polled yet'))).toBe(true);
    expect(text.out.at(-1)).toBe('1 feed(s)');
    const json = await cli('ls', '--json');
    const feeds = JSON.parse(json.out[0]!) as Array<{ def: { id: string } }>;
    expect(feeds.map((f) => f.def.id)).toEqual([id]);
  });

  it('pauses with a reason (off the schedule) and resumes (due again)', async () => {
    const p = await cli('pause', url, '--reason', 'noisy source');
    expect(p.code).toBe(0);
    expect(JSON.parse(p.out[0]!)).toEqual({ pause: id, url });
    expect((await store.get(id))?.state).toMatchObject({
      paused: true,
      pauseReason: 'noisy source',
    });
    expect(await redis.zscore(store.key('due'), id)).toBeNull();
    expect((await cli('ls')).out.some((l) => l.includes('PAUSED (noisy source)'))).toBe(true);

    const r = await cli('resume', id);
    expect(r.code).toBe(0);
    expect((await store.get(id))?.state.paused).toBe(false);
    expect(await redis.zscore(store.key('due'), id)).not.toBeNull();
  });

  it('removes a feed with its state; unknown feeds exit 1', async () => {
    const r = await cli('rm', id);
    expect(r.code).toBe(0);
    expect(await store.get(id)).toBeNull();
    expect(await redis.exists(store.key('state', id))).toBe(0);
    expect((await cli('ls', '--json')).out[0]).toBe('[]');
    expect((await cli('rm', id)).code).toBe(1);
    expect((await cli('pause')).code).toBe(2);
  });

  it('writes every change it made to the audit log, as <login>@cli', async () => {
    const entries = (await readAudit(redis, { prefix })).reverse();
    expect(entries.map((e) => [e.action, e.target])).toEqual([
      ['feeds.add', id],
      ['feeds.pause', id],
      ['feeds.resume', id],
      ['feeds.rm', id],
    ]);
    for (const e of entries) expect(e).toMatchObject({ via: 'cli', ok: true, detail: url });
    expect(entries[0]!.who).toMatch(/@cli$/);
  });

  it('imports the starter list once: a second import keeps what is there', async () => {
    const first = await cli('import', 'starter');
    expect(first.code).toBe(0);
    const r = JSON.parse(first.out[0]!) as { imported: number; alreadyPresent: number };
    expect(r.imported).toBeGreaterThanOrEqual(80);
    expect(r.alreadyPresent).toBe(0);
    const feeds = await store.list();
    expect(feeds).toHaveLength(r.imported);
    const bbc = feeds.find((f) => f.def.url === 'https://feeds.bbci.co.uk/news/world/rss.xml');
    expect(bbc?.def.tags).toContain('region:world');
    expect(bbc?.def.language).toBe('en');

    await store.setPaused(bbc!.def.id, true, 'kept');
    const again = JSON.parse((await cli('import', 'starter')).out[0]!) as typeof r;
    expect(again).toMatchObject({ imported: 0, alreadyPresent: r.imported });
    expect((await store.get(bbc!.def.id))?.state.paused).toBe(true);
  });

  it('refuses a list with a bad entry, naming it, and a missing file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'feeds-import-'));
    try {
      const file = join(dir, 'list.yaml');
      writeFileSync(
        file,
        'feeds:\n  - {url: "ftp://x.example/rss", title: X, language: en, region: world}\n',
      );
      const bad = await cli('import', file);
      expect(bad.code).toBe(2);
      expect(bad.err.join('\n')).toMatch(/feeds\.0\.url/);
      expect((await cli('import', join(dir, 'missing.yaml'))).code).toBe(1);
      expect((await cli('import')).code).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('imports OPML from other readers, exports OPML and YAML that import back the same', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'feeds-opml-'));
    try {
      for (const f of (await store.list()).map((c) => c.def.id)) await store.remove(f);
      const files = ['feedly', 'inoreader', 'netnewswire', 'miniflux'].map((n) =>
        join(repoRoot, 'test/fixtures/opml', `${n}.opml`),
      );
      let imported = 0;
      for (const file of files) {
        const r = await cli('import', file);
        expect(r.code).toBe(0);
        const res = JSON.parse(r.out[0]!) as { imported: number; format: string };
        expect(res.format).toBe('opml');
        imported += res.imported;
      }
      expect(imported).toBe(12);
      const before = (await store.list()).map((c) => c.def);
      expect(before.find((d) => d.url === 'https://world.example.org/rss.xml')?.tags).toEqual([
        'World',
        'Defence',
      ]);

      for (const format of ['opml', 'yaml']) {
        const out = join(dir, `export.${format}`);
        expect((await cli('export', '--format', format, '--out', out)).code).toBe(0);
        for (const d of before) await store.remove(d.id);
        const again = await cli('import', out);
        expect(again.code).toBe(0);
        expect(JSON.parse(again.out[0]!)).toMatchObject({ imported: 12, format });
        const after = (await store.list()).map((c) => c.def);
        const strip = (l: typeof before) =>
          l.map(({ addedAt: _a, ...rest }) => rest).sort((a, b) => a.url.localeCompare(b.url));
        expect(strip(after)).toEqual(strip(before));
      }
      expect((await cli('export', '--format', 'csv')).code).toBe(2);
      writeFileSync(join(dir, 'bad.opml'), '<rss version="2.0"><channel/></rss>');
      const bad = await cli('import', join(dir, 'bad.opml'));
      expect(bad.code).toBe(2);
      expect(bad.err.join('\n')).toMatch(/not an OPML document/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
