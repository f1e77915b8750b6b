import type { Redis } from 'ioredis';
import { Severity, type Alert } from '@faultline/shared/schemas';
import { readAlertHistory } from '@faultline/shared/state/alert-history';
import type { StoryStore } from '@faultline/shared/state/alert-story';
import { listDyads, readSeries } from '@faultline/shared/state/trend-index';
import { PERIOD_MS, type BriefSpec } from '../briefs-config.ts';
import type { BriefAlert, BriefInput } from '../core/brief.ts';
import type { Rule } from '../core/rules-schema.ts';

// Reads what a brief is built from: the alert history of the period and the lookback before it
// (shared state alert-history), each alerted story's last score, actors and topics (alert story
// state), and the dyads' hourly tension index (trend index). Bounded: at most HISTORY_MAX
// history entries, STATES_MAX story states and DYADS_MAX dyads per brief.

const HISTORY_MAX = 20_000;
const STATES_MAX = { period: 500, earlier: 2_000 };
const DYADS_MAX = 500;

export interface BriefSource {
  input(
    name: string,
    spec: BriefSpec,
    to: Date,
    heldBack: Alert[],
  ): Promise<BriefInput & { unknownRules: string[] }>;
}

/** The rules a brief summarises: its list, or every rule that names its channel. */
export function briefRules(spec: BriefSpec, rules: Rule[]): string[] {
  if (spec.rules) return spec.rules;
  return rules.filter((r) => r.channels.includes(spec.channel)).map((r) => r.id);
}

const ACTOR_ID = /^([A-Z]{3}|ORG:[A-Z0-9-]+|GOV:[A-Z]{3})$/;

/** Actor ids the rules name (wildcards aside); null when they name none (every dyad counts). */
export function ruleActors(rules: Rule[]): Set<string> | null {
  const ids = new Set<string>();
  const add = (list: string[] | undefined) => {
    for (const v of list ?? []) if (ACTOR_ID.test(v)) ids.add(v.replace(/^GOV:/, ''));
  };
  for (const r of rules) {
    for (const pair of r.match?.actors ?? []) add([...pair.a, ...pair.b]);
    add(r.match?.entities?.any);
    add(r.match?.entities?.all);
    if (r.trend) add([...r.trend.dyad[0], ...r.trend.dyad[1]]);
  }
  return ids.size ? ids : null;
}

async function withStates(stories: StoryStore, alerts: BriefAlert[], max: number) {
  const pairs = [...new Map(alerts.map((a) => [`${a.ruleId} ${a.storyId}`, a])).values()].slice(
    0,
    max,
  );
  const states = new Map<string, Awaited<ReturnType<StoryStore['getState']>>>();
  for (let i = 0; i < pairs.length; i += 100) {
    const chunk = pairs.slice(i, i + 100);
    const got = await Promise.all(chunk.map((a) => stories.getState(a.ruleId, a.storyId)));
    chunk.forEach((a, j) => states.set(`${a.ruleId} ${a.storyId}`, got[j] ?? null));
  }
  return alerts.map((a) => {
    const s = states.get(`${a.ruleId} ${a.storyId}`);
    return s ? { ...a, score: s.score, actors: s.actors, topics: s.topics } : a;
  });
}

export function createBriefSource(options: {
  redis: Redis;
  prefix: string;
  stories: StoryStore;
  rules: () => Rule[];
}): BriefSource {
  const { redis, prefix, stories } = options;
  return {
    async input(name, spec, to, heldBack) {
      const all = options.rules();
      const ruleIds = briefRules(spec, all);
      const chosen = all.filter((r) => ruleIds.includes(r.id));
      const from = new Date(to.getTime() - PERIOD_MS[spec.every]);
      const since = from.getTime() - spec.lookbackDays * 86_400_000;
      const wanted = new Set(ruleIds);
      const entries = await readAlertHistory(redis, {
        prefix,
        type: 'alert',
        since,
        limit: HISTORY_MAX,
      });
      const period: BriefAlert[] = [];
      const earlier: BriefAlert[] = [];
      for (const e of entries) {
        if (!e.ruleId || !e.storyId || !wanted.has(e.ruleId)) continue;
        const t = Date.parse(e.at);
        if (t >= to.getTime() || t < since) continue;
        const sev = Severity.safeParse(e.severity);
        const alert: BriefAlert = {
          ruleId: e.ruleId,
          storyId: e.storyId,
          title: e.title ?? '(untitled)',
          severity: sev.success ? sev.data : 'info',
          isUpdate: e.isUpdate ?? false,
          at: e.at,
        };
        (t >= from.getTime() ? period : earlier).push(alert);
      }
      const dyads = spec.movers > 0 ? await listDyads(redis, prefix, DYADS_MAX) : [];
      const read = await readSeries(redis, prefix, dyads);
      return {
        name,
        every: spec.every,
        from,
        to,
        rules: ruleIds,
        unknownRules: ruleIds.filter((id) => !all.some((r) => r.id === id)),
        alerts: await withStates(stories, period, STATES_MAX.period),
        earlier: spec.newActors > 0 ? await withStates(stories, earlier, STATES_MAX.earlier) : [],
        series: new Map([...read].map(([d, s]) => [d, s.hours])),
        moverActors: ruleActors(chosen),
        heldBack,
        limits: { top: spec.top, movers: spec.movers, newActors: spec.newActors },
      };
    },
  };
}
