import type { AnalyzedItem, SourceRef } from '@faultline/shared/schemas';
import { itemSources, matchRules } from './match-rules.ts';
import { decideAlert, shouldFold, type StoryState } from './story-decision.ts';
import type { Rule } from './rules-schema.ts';

// Replays analyzed items through exactly the production decisions (matchRules, decideAlert,
// shouldFold), with in-memory state and the items' own analysis time as the clock, and counts
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

export function createBacktest(rules: Rule[]) {
  const states = new Map<string, StoryState>();
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
    const seen = [...(sources.get(item.storyId) ?? []), ...itemSources(item)];
    sources.set(item.storyId, seen.slice(-200));
    for (const match of matchRules(item, rules, now, { storySources: seen })) {
      const r = report.rules[match.rule.id]!;
      r.naiveAlerts++;
      report.naiveAlerts++;
      const key = `${match.rule.id}\u0000${item.storyId}`;
      const d = decideAlert(states.get(key) ?? null, match, item.storyId, now);
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
      const s = byStory.get(item.storyId) ?? {
        storyId: item.storyId,
        title: item.title,
        alerts: 0,
      };
      s.alerts++;
      byStory.set(item.storyId, s);
    }
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
