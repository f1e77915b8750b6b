import type { Dyad, Span, Tension, TopicHit } from '@faultline/shared/schemas';
import type { EntityResult } from '../entities/index.ts';
import { levelOf } from '../tension/detect-tension.ts';
import {
  actorOf,
  armedGroupsIn,
  countryIndex,
  forGroups,
  pairActors,
  type DirectedPair,
} from '../tension/dyads.ts';
import { topicById } from '../tension/taxonomy.ts';
import { STATE_ORGANS } from './extra-entities.ts';
import { foldCueText, foldForCues, type CompiledLanguage } from './languages.ts';
import type { Cue } from './types.ts';

// Native tension: the language's cues are matched over each field, each cue hit is placed in
// its sentence and weighed (0 when a negation or denial stands just before it, the sentence
// discarded when it is about sport or markets), sentences are scored by their strongest cue,
// and topics, dyads, score and level are built as the English detector builds them, on the
// same taxonomy and CAMEO codes. The dyad's source is the first actor not marked as a target
// ("против", "على", "gegen", "对"), its targets the marked ones; without markers, word order.

const SENTENCE_MIN = 0.5;
const NO_ACTOR_GATE = 0.85;
const NO_DYAD_FACTOR = 0.5;
const ONE_ACTOR_FACTOR = 0.92;
const VIOLENT = new Set(['assault', 'fight', 'mass-violence']);
const NEGATION_WINDOW = 24;
const LETTER = /[\p{L}\p{M}\p{N}]/u;

interface SentenceResult {
  span: Span;
  score: number;
  topics: Map<string, number>;
  best: Cue | undefined;
  triggerAt: number;
}

export interface NativeTension {
  tension: Tension;
  /** The cue behind each dyad's strongest sentence, and the item's strongest overall. */
  labels: Map<string, Cue>;
  top: Cue | undefined;
}

function sentences(text: string, lang: CompiledLanguage): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let start = 0;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (e > s) out.push({ start: s, end: e });
  };
  lang.sentenceEnd.lastIndex = 0;
  for (const m of text.matchAll(lang.sentenceEnd)) {
    const end = m.index + m[0].length;
    push(end);
    start = end;
  }
  push(text.length);
  return out;
}

function scoreField(
  text: string,
  field: Span['field'],
  lang: CompiledLanguage,
  actorStarts: number[],
): SentenceResult[] {
  const { folded, orig } = foldForCues(text);
  const spans = sentences(text, lang);
  const results: SentenceResult[] = spans.map((s) => ({
    span: { field, start: s.start, end: s.end, text: text.slice(s.start, s.end) },
    score: 0,
    topics: new Map(),
    best: undefined,
    triggerAt: s.end,
  }));
  const discarded = new Map<number, boolean>();
  const re = lang.allCues;
  re.lastIndex = 0;
  for (let m = re.exec(folded); m; m = re.exec(folded)) {
    {
      if (lang.wordStart && m.index > 0 && LETTER.test(folded[m.index - 1]!)) {
        re.lastIndex = m.index + 1;
        continue;
      }
      let g = 1;
      while (g < m.length && m[g] === undefined) g++;
      const cue = lang.cueOfGroup[g]!;
      const at = orig(m.index);
      // Binary search would do; sentences are few.
      let k = 0;
      while (k < spans.length - 1 && spans[k]!.end <= at) k++;
      const r = results[k]!;
      if (at < r.span.start || at >= r.span.end) continue;
      let d = discarded.get(k);
      if (d === undefined) discarded.set(k, (d = !!lang.discard?.test(foldCueText(r.span.text))));
      if (d) continue;
      const before = folded.slice(Math.max(0, m.index - NEGATION_WINDOW), m.index);
      if (lang.negation.test(before)) continue;
      const prev = r.topics.get(cue.topic) ?? 0;
      if (cue.weight > prev) r.topics.set(cue.topic, cue.weight);
      if (!r.best || cue.weight > r.best.weight) r.best = cue;
      r.triggerAt = Math.min(r.triggerAt, at);
    }
  }
  for (const r of results) {
    if (!r.best) continue;
    const hasActor = actorStarts.some((a) => a >= r.span.start && a < r.span.end);
    const extra = Math.min(0.04, 0.02 * (r.topics.size - 1));
    r.score = Math.min(0.99, (r.best.weight + extra) * (hasActor ? 1 : NO_ACTOR_GATE));
  }
  return results;
}

function combine(scores: number[]): number {
  const [a = 0, b = 0, c = 0] = [...scores].sort((x, y) => y - x);
  return 1 - (1 - a) * (1 - 0.5 * b) * (1 - 0.25 * c);
}

function round(x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
}

interface Actor {
  id: string;
  start: number;
  target: boolean;
}

export function detectNativeTension(
  input: { title: string; text: string },
  found: EntityResult,
  lang: CompiledLanguage,
): NativeTension {
  const countryOf = countryIndex(found.entities);
  const actorId = (id: string | null) => (id && STATE_ORGANS[id]) || actorOf(id, countryOf);
  const starts = (field: Span['field']) =>
    found.mentions.filter((m) => m.field === field && actorId(m.entityId)).map((m) => m.start);
  const all = [
    ...scoreField(input.title, 'title', lang, starts('title')),
    ...scoreField(input.text, 'text', lang, starts('text')),
  ];
  const tense = all.filter((s) => s.score >= SENTENCE_MIN);
  const evidence = new Map<string, Array<{ score: number; span: Span }>>();
  for (const s of tense)
    for (const [id, w] of s.topics)
      (evidence.get(id) ?? evidence.set(id, []).get(id)!).push({
        score: round(w * (s.score / (s.best?.weight ?? 1))),
        span: s.span,
      });
  const topics: TopicHit[] = [];
  for (const [id, list] of evidence) {
    const def = topicById(id);
    if (!def) continue;
    list.sort((a, b) => b.score - a.score);
    topics.push({
      topic: id,
      cameo: def.cameo,
      goldstein: def.goldstein,
      score: round(combine(list.map((e) => e.score))),
      evidence: list.slice(0, 3).map((e) => e.span),
    });
  }
  topics.sort((a, b) => b.score - a.score);

  const fieldText = { title: input.title, text: input.text };
  const salient = [...found.entities]
    .sort((a, b) => b.salience - a.salience)
    .map((e) => actorId(e.id))
    .filter((x): x is string => !!x);
  const byKey = new Map<string, Dyad>();
  const labels = new Map<string, Cue>();
  const bestFor = new Map<string, number>();
  let oneActorViolent = false;
  const groups = armedGroupsIn(found.entities);
  for (const s of tense) {
    const actors: Actor[] = [];
    for (const m of found.mentions) {
      if (m.field !== s.span.field || m.start < s.span.start || m.end > s.span.end) continue;
      const id = actorId(m.entityId);
      if (!id) continue;
      const before = fieldText[m.field].slice(Math.max(s.span.start, m.start - 16), m.start);
      actors.push({ id, start: m.start, target: lang.targetMarker.test(foldCueText(before)) });
    }
    actors.sort((a, b) => a.start - b.start);
    const pairs = pairNative(actors, s.triggerAt, salient);
    if (!pairs.length && actors.length && [...s.topics.keys()].some((t) => VIOLENT.has(t)))
      oneActorViolent = true;
    for (const p0 of pairs) {
      const p = forGroups(p0, groups);
      if (p.source === p.target) continue;
      const key = `${p.source}>${p.target}`;
      const score = round(s.score * p.confidence);
      const d = byKey.get(key) ?? { source: p.source, target: p.target, score: 0, topics: [] };
      if (score > (bestFor.get(key) ?? -1) && s.best) {
        bestFor.set(key, score);
        labels.set(key, s.best);
      }
      d.score = Math.max(d.score, score);
      d.topics = [...new Set([...d.topics, ...s.topics.keys()])];
      byKey.set(key, d);
    }
  }
  const dyads = [...byKey.values()].sort((a, b) => b.score - a.score);
  const factor = dyads.length ? 1 : oneActorViolent ? ONE_ACTOR_FACTOR : NO_DYAD_FACTOR;
  const score = round(combine(all.map((s) => s.score)) * factor);
  const top = [...tense].sort((a, b) => b.score - a.score)[0]?.best;
  return { tension: { score, level: levelOf(score), topics, dyads }, labels, top };
}

function pairNative(actors: Actor[], triggerAt: number, salient: string[]): DirectedPair[] {
  const targets = new Set(actors.filter((a) => a.target).map((a) => a.id));
  const source = actors.find((a) => !a.target && !targets.has(a.id))?.id;
  if (source && targets.size) {
    const out: DirectedPair[] = [];
    for (const t of targets) if (t !== source) out.push({ source, target: t, confidence: 1 });
    if (out.length) return out;
  }
  return pairActors(actors, triggerAt, salient);
}
