import { readFileSync } from 'node:fs';
import { loadKnowledgeBase } from '@faultline/analyzer/core/entities/index.ts';
import { loadTensionModel } from '@faultline/analyzer/core/tension/model.ts';
import { analyze } from '@faultline/analyzer/core/analyze.ts';
const kb = loadKnowledgeBase(); const model = loadTensionModel();
const lang = process.argv[2]!;
for (const l of readFileSync(`/work/h18data/services/analyzer/test-data/multilingual/${lang}.jsonl`, 'utf8').split('\n').filter(Boolean)) {
  const x = JSON.parse(l); if (x.split !== 'dev') continue;
  const now = '2026-01-15T12:00:00.000Z';
  const a = analyze({ itemId: x.id, feedId: 'f', revision: 0, title: x.title, paragraphs: [x.text], text: x.text, publishedAt: now, language: { code: lang, confidence: 1 }, contentHash: 'h', storyId: 's', firstInStory: true, sources: [], tags: [], fetchedAt: now, cleanedAt: now }, kb, model);
  const have = new Set(a.entities.flatMap((e) => [e.id, e.id?.replace('GOV:', ''), e.country]));
  const missA = x.actors.filter((g: string) => !have.has(g) && !have.has(g.replace('GOV:', '')));
  const d = a.tension.dyads[0];
  const dyOk = !x.dyad || !x.tension || (d && d.source === x.dyad[0].replace('GOV:','') && d.target === x.dyad[1].replace('GOV:',''));
  const flagged = a.tension.level !== 'none';
  if (flagged !== x.tension || missA.length || !dyOk)
    console.log(`${x.id} gold=${x.tension} ${x.cameo} pred=${a.tension.score} ${a.gist ?? ''} | missActors=${missA.join(',')} | dyad gold=${x.dyad} pred=${d ? d.source + '>' + d.target : '-'} | ents=${a.entities.map((e) => e.id).join(' ')}\n   T: ${x.title}\n   X: ${x.text.slice(0, 400)}`);
}
