/**
 * Proposes linking test-set rows from real sentences in ../shared/data (conflict-cameo,
 * AG News World, junk-tails article bodies): every mention the pipeline finds, with its proposed
 * id, written to link-set.proposed.jsonl for manual review. The reviewed, corrected file is
 * link-set.jsonl (committed): {id, text, date, start, end, mention, type, expected}.
 * Run: node --import tsx services/analyzer/test-data/link-set.build.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedDataPath } from '@faultline/shared/paths';
import { extractEntities, loadKnowledgeBase } from '../src/core/entities/index.ts';

const data = sharedDataPath();
if (!data) {
  process.stderr.write('link-set: ../shared/data absent\n');
  process.exit(0);
}
const read = (p: string): Array<Record<string, unknown>> =>
  readFileSync(join(data, p), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const sentences: Array<{ id: string; text: string; date: string }> = [];
for (const r of read('conflict-cameo/cameo_pentaclass.dev.jsonl').filter((_, i) => i % 9 === 0))
  sentences.push({ id: String(r['id']), text: String(r['text']), date: '2005-06-01' });
for (const r of read('news-topics-agnews/agnews_sample.dev.jsonl')
  .filter((r) => r['label_name'] === 'World')
  .filter((_, i) => i % 6 === 0))
  sentences.push({ id: String(r['id']), text: String(r['description']), date: '2004-08-01' });
for (const r of read('junk-tails/items.jsonl').filter((_, i) => i % 8 === 0)) {
  const para = String(r['text']).split('\n\n')[0]!;
  sentences.push({ id: String(r['id']), text: para.slice(0, 600), date: '2020-06-01' });
}
const kb = loadKnowledgeBase();
const rows: string[] = [];
for (const s of sentences) {
  const { mentions } = extractEntities(
    { title: '', text: s.text, publishedAt: `${s.date}T00:00:00Z` },
    kb,
  );
  for (const m of mentions)
    rows.push(
      JSON.stringify({
        id: s.id,
        date: s.date,
        start: m.start,
        end: m.end,
        mention: m.text,
        type: m.type,
        expected: m.entityId,
        text: s.text,
      }),
    );
}
writeFileSync(
  join(dirname(fileURLToPath(import.meta.url)), 'link-set.proposed.jsonl'),
  rows.join('\n') + '\n',
);
process.stderr.write(`link-set: ${sentences.length} sentences, ${rows.length} proposed mentions\n`);
