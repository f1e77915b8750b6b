import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '@faultline/shared/paths';
import { FeedEntryConfig } from './feed-config.ts';
import { StarterList, StarterFeed, starterToEntry } from './feed-lists.ts';

// The shipped starter list is validated as data (nothing here fetches a feed).

const file = join(repoRoot, 'config', 'feeds.starter.yaml');
const list = StarterList.parse(parseYaml(readFileSync(file, 'utf8')));

describe('config/feeds.starter.yaml', () => {
  it('has at least 80 https feeds with unique URLs', () => {
    expect(list.feeds.length).toBeGreaterThanOrEqual(80);
    expect(new Set(list.feeds.map((f) => f.url)).size).toBe(list.feeds.length);
    for (const f of list.feeds) expect(f.url.startsWith('https://')).toBe(true);
  });

  it('spans several regions and languages', () => {
    const regions = new Set(list.feeds.map((f) => f.region));
    const languages = new Set(list.feeds.map((f) => f.language));
    expect(regions.size).toBeGreaterThanOrEqual(8);
    expect(languages.size).toBeGreaterThanOrEqual(10);
    for (const l of ['en', 'ar', 'fr', 'es', 'de', 'ru', 'zh', 'ja', 'pt'])
      expect(languages).toContain(l);
    for (const r of regions)
      expect(list.feeds.filter((f) => f.region === r).length).toBeGreaterThanOrEqual(3);
  });

  it('has defence, foreign-ministry, UN and NATO sources', () => {
    const tags = new Set(list.feeds.flatMap((f) => f.tags));
    for (const t of ['defence', 'foreign-ministry', 'un', 'nato', 'wire', 'broadcaster'])
      expect(tags).toContain(t);
  });

  it('maps every entry to a valid registry entry with its region as a tag', () => {
    for (const f of list.feeds) {
      const e = FeedEntryConfig.parse(starterToEntry(f));
      expect(e.tags).toContain(`region:${f.region}`);
      expect(e.name).toBe(f.title);
    }
  });
});

describe('StarterList schema', () => {
  const ok = { url: 'https://a.example/rss', title: 'A', language: 'en', region: 'world' };
  it('refuses http, unknown languages and regions, and duplicates', () => {
    expect(StarterFeed.safeParse(ok).success).toBe(true);
    expect(StarterFeed.safeParse({ ...ok, url: 'http://a.example/rss' }).success).toBe(false);
    expect(StarterFeed.safeParse({ ...ok, language: 'xx' }).success).toBe(false);
    expect(StarterFeed.safeParse({ ...ok, language: 'english' }).success).toBe(false);
    expect(StarterFeed.safeParse({ ...ok, region: 'mars' }).success).toBe(false);
    expect(StarterList.safeParse({ feeds: [ok, ok] }).success).toBe(false);
  });
});
