import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ParseArgsOptions } from '../cli-help.ts';
import { repoRoot } from '@faultline/shared/paths';
import type { EntityType } from '@faultline/shared/schemas';
import {
  extractEntities,
  loadKnowledgeBase,
  linkMention,
  aliasKey,
  tokenize,
} from '@faultline/analyzer';

export const summary =
  'score entity linking on the annotated link set (end to end, given gold spans, vs exact alias lookup)';

/** Its options (also what `--help` lists). */
export const options = {
  set: { type: 'string' },
  errors: { type: 'boolean', default: false },
} satisfies ParseArgsOptions;

interface Row {
  id: string;
  date: string;
  start: number;
  end: number;
  mention: string;
  type: EntityType;
  expected: string | null;
  text: string;
}

class Acc {
  n = 0;
  ok = 0;
  linkedN = 0;
  linkedOk = 0;
  nilN = 0;
  nilOk = 0;
  add(expected: string | null, got: string | null): void {
    const hit = expected === got;
    this.n++;
    this.ok += hit ? 1 : 0;
    if (expected) {
      this.linkedN++;
      this.linkedOk += hit ? 1 : 0;
    } else {
      this.nilN++;
      this.nilOk += hit ? 1 : 0;
    }
  }
  result(): Record<string, number> {
    const r = (a: number, b: number): number => (b ? Math.round((a / b) * 10000) / 10000 : 0);
    return {
      accuracy: r(this.ok, this.n),
      linkedAccuracy: r(this.linkedOk, this.linkedN),
      nilAccuracy: r(this.nilOk, this.nilN),
    };
  }
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options,
  });
  const file = values.set ?? join(repoRoot, 'services/analyzer/test-data/link-set.jsonl');
  if (!existsSync(file)) {
    process.stderr.write(`eval link: ${file} not found; skipping\n`);
    return 0;
  }
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Row);
  const kb = loadKnowledgeBase();
  const e2e = new Acc();
  const given = new Acc();
  const exact = new Acc();
  const errors: unknown[] = [];
  const cache = new Map<string, ReturnType<typeof extractEntities>>();
  for (const r of rows) {
    const key = `${r.date}|${r.text}`;
    let res = cache.get(key);
    if (!res) {
      res = extractEntities({ title: '', text: r.text, publishedAt: `${r.date}T00:00:00Z` }, kb);
      cache.set(key, res);
    }
    // Exact span, else the overlapping mention of the gold type, else the largest overlap
    // ("Russian President Vladimir Putin" is gold; CoNLL-style tagging finds "Vladimir Putin").
    const overlap = (m: { start: number; end: number }): number =>
      Math.min(m.end, r.end) - Math.max(m.start, r.start);
    const overlapping = res.mentions
      .filter((m) => overlap(m) > 0)
      .sort(
        (a, b) => Number(b.type === r.type) - Number(a.type === r.type) || overlap(b) - overlap(a),
      );
    const same = res.mentions.find((m) => m.start === r.start && m.end === r.end) ?? overlapping[0];
    const got = same?.entityId ?? null;
    e2e.add(r.expected, got);
    // Linking alone, on the gold span.
    const toks = tokenize(r.text);
    const first = toks.starts.findIndex((s) => s >= r.start);
    const last = toks.ends.findIndex((e) => e >= r.end);
    const link = linkMention(
      r.mention,
      r.type,
      {
        next: toks.words.slice(last + 1, last + 3).map((w) => w.toLowerCase()),
        prev: (toks.words[first - 1] ?? '').toLowerCase(),
        date: r.date,
        seenPeople: new Map(),
      },
      kb.index,
    );
    given.add(r.expected, link.entity?.id ?? null);
    exact.add(r.expected, kb.index.aliases.get(aliasKey(r.mention))?.[0]?.id ?? null);
    if (values.errors && got !== r.expected)
      errors.push({ mention: r.mention, expected: r.expected, got });
  }
  const out: Record<string, unknown> = {
    mentions: rows.length,
    sentences: new Set(rows.map((r) => r.text)).size,
    faultline: { endToEnd: e2e.result(), givenGoldSpan: given.result() },
    exactAliasLookup: exact.result(),
  };
  if (values.errors) out['errors'] = errors;
  process.stdout.write(JSON.stringify(out) + '\n');
  return 0;
}
