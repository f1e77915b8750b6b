import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { parseYamlBounded } from '@faultline/shared/yaml';
import { formatIssues } from '@faultline/shared/schemas';
import {
  FeedEntryConfig,
  FeedList,
  StarterList,
  starterToEntry,
  parseOpml,
  writeOpml,
  type FeedDef,
} from '@faultline/poller';

// Feed list files for `faultline feeds import|export`: OPML (any reader's export, and ours) and
// YAML (the starter list's format, or registry entries as `feeds export --format yaml` writes).

export type ReadFeedFile =
  | {
      ok: true;
      format: 'opml' | 'yaml';
      entries: FeedEntryConfig[];
      skipped: Array<{ outline: string; why: string }>;
    }
  | { ok: false; code: 1 | 2; error: string };

export function readFeedFile(file: string, strictStarter = false): ReadFeedFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { ok: false, code: 1, error: `cannot read ${file}: ${(err as Error).message}` };
  }
  if (/\.(opml|xml)$/i.test(file) || /^\s*(<\?xml|<opml|<!--)/.test(text.slice(0, 512))) {
    const r = parseOpml(text);
    if (!r.ok) return { ok: false, code: 2, error: `${file}: ${r.error}` };
    const entries: FeedEntryConfig[] = [];
    const skipped = [...r.skipped];
    for (const f of r.feeds) {
      const e = FeedEntryConfig.safeParse(f);
      if (e.success) entries.push(e.data);
      else skipped.push({ outline: f.name ?? f.url, why: formatIssues(e.error) });
    }
    if (!entries.length && !skipped.length)
      return { ok: false, code: 2, error: `${file}: the OPML lists no feeds` };
    return { ok: true, format: 'opml', entries, skipped };
  }
  let data: unknown;
  try {
    data = parseYamlBounded(text);
  } catch (err) {
    return { ok: false, code: 2, error: `${file}: not valid YAML: ${(err as Error).message}` };
  }
  if (strictStarter) {
    const list = StarterList.safeParse(data);
    if (!list.success) return { ok: false, code: 2, error: `${file}: ${formatIssues(list.error)}` };
    return { ok: true, format: 'yaml', entries: list.data.feeds.map(starterToEntry), skipped: [] };
  }
  const list = FeedList.safeParse(data);
  if (!list.success) return { ok: false, code: 2, error: `${file}: ${formatIssues(list.error)}` };
  return { ok: true, format: 'yaml', entries: list.data.feeds, skipped: [] };
}

/** The registry's feeds as a file `feeds import` reads back (login references only, no secrets). */
export function formatFeeds(defs: FeedDef[], format: 'opml' | 'yaml', now = new Date()): string {
  if (format === 'opml') return writeOpml(defs, { now });
  const feeds = [...defs]
    .sort((a, b) => a.url.localeCompare(b.url))
    .map((d) => ({
      url: d.url,
      ...(d.name ? { name: d.name } : {}),
      tags: d.tags,
      intervalS: d.intervalS,
      ...(d.language ? { language: d.language } : {}),
      ...(d.fullText !== undefined ? { fullText: d.fullText } : {}),
      ...(d.auth ? { auth: d.auth } : {}),
    }));
  return `# Faultline feeds, exported ${now.toISOString()}: \`faultline feeds import <this file>\`\n${stringify({ feeds })}`;
}
