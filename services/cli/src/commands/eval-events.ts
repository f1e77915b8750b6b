import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '@faultline/shared/paths';
import type { AnalyzedItem, CleanItem } from '@faultline/shared/schemas';
import type { EventGroup } from '@faultline/shared/state/event-group-record';
import { LANGUAGE_TABLES, analyze, loadKnowledgeBase, loadTensionModel } from '@faultline/analyzer';
import { eventProbeOf, placeStory } from '@faultline/alerter';

export const summary =
  "cross-language story grouping on the labelled multilingual set: pairwise precision/recall of the alerter's event groups against the labelled events, and stories per event, vs the cleaner's text index alone";

interface Labelled {
  id: string;
  lang: string;
  split: 'dev' | 'test';
  title: string;
  text: string;
  tension: boolean;
  event: string;
}

const WINDOW_MS = 24 * 3_600_000;

function toClean(x: Labelled, at: string): CleanItem {
  return {
    itemId: x.id,
    feedId: `eval-${x.lang}`,
    revision: 0,
    title: x.title,
    paragraphs: x.text.split('\n\n'),
    text: x.text,
    publishedAt: at,
    language: { code: x.lang, confidence: 1 },
    contentHash: x.id,
    // Reports in different languages share no text: the cleaner gives each its own story.
    storyId: `s_${x.id}`,
    firstInStory: true,
    sources: [],
    tags: [],
    fetchedAt: at,
    cleanedAt: at,
  };
}

/** Pairwise precision/recall of a clustering against the labelled events. */
function pairwise(items: Labelled[], groupOf: Map<string, string>) {
  let both = 0;
  let predicted = 0;
  let gold = 0;
  for (let i = 0; i < items.length; i++)
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i]!;
      const b = items[j]!;
      const sameGold = a.event === b.event;
      const samePred = groupOf.get(a.id) === groupOf.get(b.id);
      if (sameGold) gold++;
      if (samePred) predicted++;
      if (sameGold && samePred) both++;
    }
  const r3 = (v: number) => Math.round(v * 1000) / 1000;
  const p = predicted ? both / predicted : 1;
  const r = gold ? both / gold : 0;
  const events = new Map<string, Set<string>>();
  for (const x of items) {
    const s = events.get(x.event) ?? new Set<string>();
    s.add(groupOf.get(x.id)!);
    events.set(x.event, s);
  }
  const stories = [...events.values()].map((s) => s.size);
  return {
    pairPrecision: r3(p),
    pairRecall: r3(r),
    pairF1: r3(p + r ? (2 * p * r) / (p + r) : 0),
    storiesPerEvent: r3(stories.reduce((a, b) => a + b, 0) / Math.max(1, stories.length)),
    eventsInOneStory: stories.filter((n) => n === 1).length,
  };
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      dir: { type: 'string' },
      split: { type: 'string', default: 'dev' },
      groups: { type: 'boolean', default: false },
    },
  });
  const dir = values.dir ?? join(repoRoot, 'services/analyzer/test-data/multilingual');
  const perLang: Labelled[][] = [];
  for (const { code } of LANGUAGE_TABLES) {
    const file = join(dir, `${code}.jsonl`);
    if (!existsSync(file)) continue;
    perLang.push(
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as Labelled)
        .filter((x) => x.split === values.split),
    );
  }
  if (!perLang.length) {
    process.stderr.write(`eval events: no labelled files in ${dir}; skipping\n`);
    return 0;
  }
  // Interleaved by language, a minute apart: every report of every event inside one grouping
  // window, the hardest case (in real traffic most events are days apart).
  const order: Labelled[] = [];
  for (let i = 0; perLang.some((l) => i < l.length); i++)
    for (const l of perLang) if (l[i]) order.push(l[i]!);
  const kb = loadKnowledgeBase();
  const model = loadTensionModel();
  const t0 = Date.parse('2026-01-15T00:00:00.000Z');
  const analyzed: Array<[Labelled, AnalyzedItem]> = order.map((x, i) => [
    x,
    analyze(toClean(x, new Date(t0 + i * 60_000).toISOString()), kb, model),
  ]);
  const groups = new Map<string, EventGroup[]>();
  const faultline = new Map<string, string>();
  const textIndexOnly = new Map<string, string>();
  for (const [x, item] of analyzed) {
    textIndexOnly.set(x.id, item.storyId);
    const probe = eventProbeOf(item);
    const live = probe ? (groups.get(probe.pair) ?? []) : [];
    const at = Date.parse(item.publishedAt);
    const placed = placeStory(probe, item.storyId, null, live, at, { windowMs: WINDOW_MS });
    if (probe && placed.group) {
      const g = placed.group;
      groups.set(probe.pair, [...live.filter((y) => y.id !== g.id), g]);
    }
    faultline.set(x.id, placed.storyId);
  }
  // Scored on the labelled tension events (what alerts are about) that the analyzer flags.
  const scored = analyzed
    .filter(([x, item]) => x.tension && item.tension.level !== 'none')
    .map(([x]) => x);
  const out = {
    data: dir,
    split: values.split,
    items: order.length,
    scoredItems: scored.length,
    events: new Set(scored.map((x) => x.event)).size,
    protocol:
      "items: the labelled tension items the analyzer flags; each report is its own cleaner story (no shared text); all reports published a minute apart, so every event is inside one 24 h window (the hardest case); pairs: two reports in the same group vs the same labelled event; storiesPerEvent: distinct stories a labelled event's reports end in (1 = one alert per rule); the alternative is the cleaner's text index alone (one story per report)",
    faultline: pairwise(scored, faultline),
    textIndexOnly: pairwise(scored, textIndexOnly),
    ...(values.groups
      ? {
          groups: Object.fromEntries(
            [...groups.values()].flat().map((g) => [
              g.id,
              {
                pair: g.pair,
                roots: g.roots,
                members: g.members.map(
                  ([lang, s]) => `${lang}:${order.find((x) => `s_${x.id}` === s)?.event}`,
                ),
              },
            ]),
          ),
        }
      : {}),
  };
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  return 0;
}
