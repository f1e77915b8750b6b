import type { AnalyzedItem, SourceRef } from '@faultline/shared/schemas';
import { itemSources, matchRules } from './match-rules.ts';
import { decideAlert, shouldFold, type StoryState } from './story-decision.ts';
import type { Rule } from './rules-schema.ts';
import type { EventGroup } from '@faultline/shared/state/event-group-record';
import { eventProbeOf, placeStory, type GroupingOptions } from './event-group.ts';

// Replays analyzed items through exactly the production decisions (matchRules, decideAlert,
// shouldFold, and the cross-language event grouping's placeStory), with in-memory state and the items' own analysis time as the clock, and counts
// what each rule would have sent. Nothing is sent. `naiveAlerts` is the alternative without
// once-per-story keys: one alert per matching item.

export interface RuleReport {
  alerts: number;
  updates: number;
  folded: number;
  suppressed: number;
  naiveAlerts: number;
  stories: Array<{ storyId: string; title: string; alerts: number }>;
}

export interface BacktestReport {
  items: number;
  alerts: number;
  naiveAlerts: number;
  rules: Record<string, RuleReport>;
}

/** The production default of `alerter.events`: grouping on, 24 h window. */
const DEFAULT_EVENTS: GroupingOptions | null = { windowMs: 24 * 3_600_000 };

export function createBacktest(rules: Rule[], events: GroupingOptions | null = DEFAULT_EVENTS) {
  const states = new Map<string, StoryState>();
  const groupsByPair = new Map<string, EventGroup[]>();
  const groupOfStory = new Map<string, string>();
  const sources = new Map<string, SourceRef[]>();
  const bursts = new Map<string, number>();
  const report: BacktestReport = { items: 0, alerts: 0, naiveAlerts: 0, rules: {} };
  const stories = new Map<
    string,
    Map<string, { storyId: string; title: string; alerts: number }>
  >();
  for (const r of rules) {
    report.rules[r.id] = {
      alerts: 0,
      updates: 0,
      folded: 0,
      suppressed: 0,
      naiveAlerts: 0,
      stories: [],
    };
    stories.set(r.id, new Map());
  }

  function add(item: AnalyzedItem): void {
    report.items++;
    const now = new Date(item.analyzedAt);
    const storyId = events ? placeInMemory(item, now, events) : item.storyId;
    const crossLanguage = storyId !== item.storyId;
    const seen = [...(sources.get(storyId) ?? []), ...itemSources(item)];
    sources.set(storyId, seen.slice(-200));
    for (const match of matchRules(item, rules, now, { storySources: seen })) {
      const r = report.rules[match.rule.id]!;
      r.naiveAlerts++;
      report.naiveAlerts++;
      const key = `${match.rule.id}\u0000${storyId}`;
      const d = decideAlert(states.get(key) ?? null, match, storyId, now, { crossLanguage });
      if (d.kind === 'suppress') {
        r.suppressed++;
        continue;
      }
      states.set(key, d.next);
      r.alerts++;
      report.alerts++;
      if (d.isUpdate) r.updates++;
      const digest = match.rule.digest;
      if (digest) {
        const bucket = `${match.rule.id}:${Math.floor(now.getTime() / digest.window)}`;
        const n = (bursts.get(bucket) ?? 0) + 1;
        bursts.set(bucket, n);
        if (shouldFold(match.rule, n)) r.folded++;
      }
      const byStory = stories.get(match.rule.id)!;
      const s = byStory.get(storyId) ?? { storyId, title: item.title, alerts: 0 };
      s.alerts++;
      byStory.set(storyId, s);
    }
  }

  function placeInMemory(item: AnalyzedItem, now: Date, options: GroupingOptions): string {
    const probe = eventProbeOf(item);
    const known = groupOfStory.get(item.storyId) ?? null;
    const groups = probe ? (groupsByPair.get(probe.pair) ?? []) : [];
    const placed = placeStory(probe, item.storyId, known, groups, now.getTime(), options);
    if (probe && placed.group) {
      const next = placed.group;
      const kept = groups.filter((g) => g.id !== next.id && !placed.drop.includes(g.id));
      groupsByPair.set(probe.pair, [...kept, next]);
      groupOfStory.set(item.storyId, next.id);
    }
    return placed.storyId;
  }

  function finish(maxStories = 50): BacktestReport {
    for (const [id, byStory] of stories)
      report.rules[id]!.stories = [...byStory.values()]
        .sort((a, b) => b.alerts - a.alerts)
        .slice(0, maxStories);
    return report;
  }

  return { add, finish };
}
