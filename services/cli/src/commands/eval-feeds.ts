import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import type { ParseArgsOptions } from '../cli-help.ts';
import Parser from 'rss-parser';
import { sharedDataPath } from '@faultline/shared/paths';
import { parseFeed, type ParsedFeed } from '@faultline/poller';
import { checkExpectation } from '@faultline/poller/eval';

export const summary =
  'parse the feedparser conformance suite (--suite) and real captured feeds (--real) with the production parser, vs plain rss-parser';

/** Its options (also what `--help` lists). */
export const options = {
  suite: { type: 'string' },
  real: { type: 'string' },
  misses: { type: 'boolean' },
} satisfies ParseArgsOptions;

// Runs the production parseFeed on every file and, in the same run, plain rss-parser on the
// UTF-8 text (the alternative the poller wraps), scoring both on the suite's own expectations.

type Parse = (
  bytes: Buffer,
  headers: Record<string, string>,
  url: string,
) => Promise<ParsedFeed | { reason: string }>;

const ours: Parse = async (bytes, headers, url) => {
  const r = await parseFeed(bytes, headers, url);
  return r.ok ? r.feed : { reason: r.reason };
};

const plain = new Parser();
const baseline: Parse = async (bytes) => {
  try {
    const f = await plain.parseString(bytes.toString('utf8'));
    return {
      format: 'rss',
      encoding: 'utf-8',
      ...(f.title ? { title: f.title } : {}),
      ...(f.link ? { link: f.link } : {}),
      entries: f.items.map((i) => ({
        title: i.title ?? '',
        content: i['content:encoded'] ?? i.content ?? '',
        contentType: 'html' as const,
        categories: i.categories ?? [],
        ...(i.link ? { link: i.link } : {}),
        ...(i.guid ? { guid: i.guid } : {}),
        ...(i.isoDate ? { publishedAt: i.isoDate } : {}),
      })),
    };
  } catch (err) {
    return { reason: (err as Error).message };
  }
};

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

interface SuiteRow {
  path: string;
  expect: string | null;
  http_headers: Record<string, string> | null;
  served_over_http_in_suite: boolean;
}

async function runSuite(dir: string, parse: Parse) {
  const rows = readFileSync(join(dir, 'expectations.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as SuiteRow);
  const stats = {
    files: 0,
    parsed: 0,
    rejectedWithReason: 0,
    crashed: 0,
    expectationsChecked: 0,
    expectationsMet: 0,
  };
  const notMapped: Record<string, number> = {};
  const misses: string[] = [];
  for (const row of rows) {
    const file = join(dir, row.path);
    if (!existsSync(file)) continue;
    stats.files++;
    const bytes = readFileSync(file);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(row.http_headers ?? {})) headers[k.toLowerCase()] = v;
    if (row.served_over_http_in_suite) headers['content-type'] ??= 'text/xml';
    let feed: ParsedFeed | null = null;
    try {
      const r = await parse(bytes, headers, `http://127.0.0.1:8097/${row.path}`);
      if ('reason' in r) stats.rejectedWithReason++;
      else {
        stats.parsed++;
        feed = r;
      }
    } catch {
      stats.crashed++;
    }
    if (!row.expect) continue;
    const v = checkExpectation({
      expect: row.expect,
      feed,
      bytes,
      group: row.path,
      ...(headers['content-type'] ? { contentType: headers['content-type'] } : {}),
    });
    if (!v.mapped) {
      const why = v.why.replace(/:.*$/, '');
      notMapped[why] = (notMapped[why] ?? 0) + 1;
      continue;
    }
    stats.expectationsChecked++;
    if (v.met) stats.expectationsMet++;
    else if (misses.length < 400) misses.push(`${row.path}: ${row.expect}`);
  }
  return { stats, notMapped, misses };
}

const SKIP = /manifest\.json$|expected-output|FirstEntry|SOURCE\.md$/;

async function runReal(dir: string, parse: Parse) {
  const files = walk(dir).filter((f) => !SKIP.test(f));
  const out = {
    files: files.length,
    parsed: 0,
    rejected: [] as string[],
    crashed: 0,
    withItems: 0,
    items: 0,
    itemsWithTitle: 0,
    itemsWithLink: 0,
    itemsWithDate: 0,
    goldenChecked: 0,
    goldenMet: 0,
  };
  for (const f of files) {
    const headers: Record<string, string> = f.endsWith('encoding.rss')
      ? { 'content-type': 'text/xml; charset=latin1' }
      : {};
    try {
      const r = await parse(readFileSync(f), headers, 'http://example.com/feed');
      if ('reason' in r) {
        out.rejected.push(`${relative(dir, f)}: ${r.reason}`);
        continue;
      }
      out.parsed++;
      if (r.entries.length) out.withItems++;
      out.items += r.entries.length;
      out.itemsWithTitle += r.entries.filter((e) => e.title).length;
      out.itemsWithLink += r.entries.filter((e) => e.link).length;
      out.itemsWithDate += r.entries.filter((e) => e.publishedAt).length;
      const golden = join(
        dir,
        'rss-parser/expected-output',
        `${f
          .split('/')
          .pop()!
          .replace(/\.[^.]+$/, '')}.json`,
      );
      if (f.includes('rss-parser/input') && existsSync(golden)) {
        const g = (
          JSON.parse(readFileSync(golden, 'utf8')) as { feed: { items: Array<{ title?: string }> } }
        ).feed;
        out.goldenChecked++;
        const same =
          g.items.length === r.entries.length &&
          g.items.every((it, i) => (it.title ?? '').trim() === r.entries[i]!.title || !it.title);
        if (same) out.goldenMet++;
      }
    } catch {
      out.crashed++;
    }
  }
  return out;
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options,
  });
  const suiteDir = values.suite ?? (values.real ? null : sharedDataPath('feedparser-suite'));
  const realDir = values.real ?? (values.suite ? null : sharedDataPath('feeds-real'));
  if (!suiteDir && !realDir) {
    console.error(
      'eval feeds: ../shared/data/feedparser-suite and feeds-real are absent; skipping',
    );
    return 0;
  }
  const result: Record<string, unknown> = {};
  if (suiteDir) {
    if (!existsSync(join(suiteDir, 'expectations.jsonl'))) {
      console.error(`eval feeds: no expectations.jsonl in ${suiteDir}; skipping`);
      return 0;
    }
    const a = await runSuite(suiteDir, ours);
    const b = await runSuite(suiteDir, baseline);
    Object.assign(result, a.stats, {
      metRatio: Number(
        (a.stats.expectationsMet / Math.max(1, a.stats.expectationsChecked)).toFixed(4),
      ),
      notMapped: a.notMapped,
      comparedAs: {
        title:
          'equal to the expected value as text, or to it reduced from HTML to text (Faultline keeps titles as plain text); an absent feed title equals ""',
        markup:
          'description/summary/content: the same HTML tree (attribute order and quoting, <br/> vs <br />, character references, xmlns declarations ignored)',
        link: 'the same URL after WHATWG parsing (host case)',
      },
      alternative: { name: 'plain rss-parser on UTF-8 text', ...b.stats },
    });
    if (values.misses) result.misses = a.misses;
  }
  if (realDir) {
    const real = await runReal(realDir, ours);
    const alt = await runReal(realDir, baseline);
    result.real = {
      ...real,
      alternative: {
        name: 'plain rss-parser on UTF-8 text',
        ...alt,
        rejected: alt.rejected.length,
      },
    };
  }
  console.log(JSON.stringify(result));
  return 0;
}
