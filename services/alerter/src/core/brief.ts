import type { Alert, Severity } from '@faultline/shared/schemas';
import { actorName } from './actor-names.ts';
import { SEVERITY_RANK } from './notice.ts';

// A scheduled brief, built from state alone: the alerts the brief's rules raised in the period
// (alert history, with each story's last alerted score, actors and topics from the story state),
// the dyads' hourly tension index (trend index) and the alerts the channel's rate limit held back
// for it. Pure: the adapter (io/brief-source.ts) reads the state, this decides what is in it.

/** One alert of the period or the lookback, as the history and story state give it. */
export interface BriefAlert {
  ruleId: string;
  storyId: string;
  title: string;
  severity: Severity;
  isUpdate: boolean;
  /** ISO time it was recorded. */
  at: string;
  /** From the story state of (rule, story), when still kept. */
  score?: number;
  actors?: string[];
  topics?: string[];
}

export interface BriefInput {
  name: string;
  every: 'hourly' | 'daily';
  /** The period: [from, to). */
  from: Date;
  to: Date;
  rules: string[];
  /** Alerts of the rules in the period, in any order. */
  alerts: BriefAlert[];
  /** Alerts of the rules in the lookback before the period (for new actors). */
  earlier: BriefAlert[];
  /** Dyad key ("A|B") -> hourly index (hour number -> summed weight). */
  series: ReadonlyMap<string, ReadonlyMap<number, number>>;
  /** Only dyads with one of these actors count as movers; null: every dyad. */
  moverActors: ReadonlySet<string> | null;
  heldBack: Alert[];
  limits: { top: number; movers: number; newActors: number };
}

export interface BriefStory {
  storyId: string;
  title: string;
  severity: Severity;
  /** Alerts and updates of the story in the period, over all the brief's rules. */
  alerts: number;
  rules: string[];
  score?: number;
  actors: string[];
  topics: string[];
}

export interface TensionMover {
  source: string;
  target: string;
  /** Summed index in the period and in the period before it. */
  now: number;
  before: number;
  change: number;
}

export interface NewActor {
  id: string;
  name: string;
  /** Stories of the period that name it. */
  stories: number;
}

export interface Brief {
  name: string;
  every: 'hourly' | 'daily';
  from: string;
  to: string;
  rules: string[];
  alertCount: number;
  storyCount: number;
  stories: BriefStory[];
  movers: TensionMover[];
  newActors: NewActor[];
  heldBack: Alert[];
}

const round = (n: number) => Math.round(n * 100) / 100;

function topStories(alerts: BriefAlert[], top: number): BriefStory[] {
  const byStory = new Map<string, BriefAlert[]>();
  for (const a of alerts) byStory.set(a.storyId, [...(byStory.get(a.storyId) ?? []), a]);
  const stories = [...byStory].map(([storyId, list]): BriefStory => {
    const newest = [...list].sort((a, b) => b.at.localeCompare(a.at))[0]!;
    const severity = list.reduce<Severity>(
      (s, a) => (SEVERITY_RANK[a.severity] > SEVERITY_RANK[s] ? a.severity : s),
      'info',
    );
    const scores = list.flatMap((a) => (a.score === undefined ? [] : [a.score]));
    return {
      storyId,
      title: newest.title,
      severity,
      alerts: list.length,
      rules: [...new Set(list.map((a) => a.ruleId))].sort(),
      ...(scores.length ? { score: round(Math.max(...scores)) } : {}),
      actors: [...new Set(list.flatMap((a) => a.actors ?? []))].sort(),
      topics: [...new Set(list.flatMap((a) => a.topics ?? []))].sort(),
    };
  });
  return stories
    .sort(
      (a, b) =>
        SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
        (b.score ?? 0) - (a.score ?? 0) ||
        b.alerts - a.alerts ||
        a.storyId.localeCompare(b.storyId),
    )
    .slice(0, top);
}

function sumHours(hours: ReadonlyMap<number, number>, from: number, to: number): number {
  let total = 0;
  for (const [h, v] of hours) if (h >= from && h < to) total += v;
  return total;
}

/** Dyads whose summed index changed most against the period before (risers first on ties). */
export function tensionMovers(input: BriefInput): TensionMover[] {
  const to = Math.floor(input.to.getTime() / 3_600_000);
  const from = Math.floor(input.from.getTime() / 3_600_000);
  const span = Math.max(1, to - from);
  const out: TensionMover[] = [];
  for (const [dyad, hours] of input.series) {
    const [source = '', target = ''] = dyad.split('|');
    if (input.moverActors && !input.moverActors.has(source) && !input.moverActors.has(target))
      continue;
    const now = sumHours(hours, from, to);
    const before = sumHours(hours, from - span, from);
    const change = now - before;
    if (Math.abs(change) < 1e-9) continue;
    out.push({ source, target, now: round(now), before: round(before), change: round(change) });
  }
  return out
    .sort(
      (a, b) =>
        Math.abs(b.change) - Math.abs(a.change) ||
        b.change - a.change ||
        `${a.source}|${a.target}`.localeCompare(`${b.source}|${b.target}`),
    )
    .slice(0, input.limits.movers);
}

/** Actors of the period's alerts that none of the rules' earlier alerts named. */
export function newActors(input: BriefInput): NewActor[] {
  const seen = new Set(input.earlier.flatMap((a) => a.actors ?? []));
  const stories = new Map<string, Set<string>>();
  for (const a of input.alerts)
    for (const id of a.actors ?? [])
      if (!seen.has(id)) stories.set(id, (stories.get(id) ?? new Set()).add(a.storyId));
  return [...stories]
    .map(([id, s]) => ({ id, name: actorName(id), stories: s.size }))
    .sort((a, b) => b.stories - a.stories || a.id.localeCompare(b.id))
    .slice(0, input.limits.newActors);
}

export function buildBrief(input: BriefInput): Brief {
  const from = input.from.getTime();
  const to = input.to.getTime();
  const inPeriod = input.alerts.filter((a) => {
    const t = Date.parse(a.at);
    return t >= from && t < to;
  });
  const scoped = { ...input, alerts: inPeriod };
  return {
    name: input.name,
    every: input.every,
    from: input.from.toISOString(),
    to: input.to.toISOString(),
    rules: [...input.rules].sort(),
    alertCount: inPeriod.length,
    storyCount: new Set(inPeriod.map((a) => a.storyId)).size,
    stories: topStories(inPeriod, input.limits.top),
    movers: tensionMovers(scoped),
    newActors: newActors(scoped),
    heldBack: input.heldBack,
  };
}

/** Whether there is anything to say (a skipEmpty brief sends nothing otherwise). */
export const briefIsEmpty = (b: Brief): boolean =>
  b.alertCount === 0 && b.heldBack.length === 0 && b.movers.length === 0;
