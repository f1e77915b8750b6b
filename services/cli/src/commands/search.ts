import { parseArgs } from 'node:util';
import { loadConfig } from '@faultline/shared/config';
import { FILTER_OPTIONS, filterValues } from '../archive/filter-options.ts';

export const summary =
  'search the archive: faultline search "words" [--entity --dyad --since 30d --lang --topic --feed --min-score --limit --json]';

export async function run(args: string[]): Promise<number> {
  // Loaded on use: listing the commands must not load the database client.
  const {
    SearchParams,
    describeIssues,
    ArchiveConfig,
    createPool,
    hasSearchableWords,
    searchItems,
  } = await import('@faultline/archive');
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...FILTER_OPTIONS,
      limit: { type: 'string', default: '20' },
      json: { type: 'boolean', default: false },
    },
  });
  const parsed = SearchParams.safeParse({ q: positionals.join(' '), ...filterValues(values) });
  if (!parsed.success) {
    console.error(`faultline search: ${describeIssues(parsed.error)}`);
    return 2;
  }
  const params = parsed.data;
  const limit = Math.min(Math.max(1, Number(values.limit) || 20), 1000);
  const config = loadConfig(ArchiveConfig);
  const pool = createPool(config.archive.databaseUrl, { max: 2, name: 'faultline-cli' });
  try {
    if (!(await hasSearchableWords(pool, params.q, params.lang))) {
      console.error(`faultline search: "${params.q}" has no searchable words`);
      return 2;
    }
    const hits = await searchItems(pool, params, limit);
    if (values.json) {
      console.log(JSON.stringify({ query: params.q, count: hits.length, items: hits }));
      return 0;
    }
    if (!hits.length) console.log(`no archived item matches "${params.q}"`);
    const bold = process.stdout.isTTY ? ['\x1b[1m', '\x1b[0m'] : ['**', '**'];
    for (const h of hits) {
      console.log(
        `${h.ts.slice(0, 16).replace('T', ' ')}  ${h.tensionScore.toFixed(2)}  [${h.language}] ${h.title}`,
      );
      console.log(`    story ${h.storyId}  feed ${h.feedId}${h.url ? `  ${h.url}` : ''}`);
      const snippet = h.snippet
        .replace(/<mark>/g, bold[0]!)
        .replace(/<\/mark>/g, bold[1]!)
        .replace(/\s+/g, ' ');
      if (snippet) console.log(`    ${snippet.slice(0, 300)}`);
    }
    return 0;
  } catch (err) {
    console.error(
      `faultline search: the archive at ${config.archive.databaseUrl.replace(/\/\/[^@]*@/, '//')} did not answer: ${(err as Error).message}`,
    );
    return 1;
  } finally {
    await pool.end();
  }
}
