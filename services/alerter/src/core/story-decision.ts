import { alertKeyFor } from '@faultline/shared/ids';
import type { Rule } from './rules-schema.ts';
import type { RuleMatch } from './match-rules.ts';
import type { StoryState } from '@faultline/shared/state/alert-story-record';

// Once per story: an alert is keyed by (rule, story). What was last alerted is kept per key
// (StoryState, stored by the io layer with a bounded TTL); this decides, for a new match, whether
// to alert, to send one follow-up marked as an update (material escalation), or to stay quiet.

export type { StoryState } from '@faultline/shared/state/alert-story-record';

export type Decision =
  | { kind: 'suppress'; reason: string }
  | {
      kind: 'alert';
      isUpdate: boolean;
      revision: number;
      alertKey: string;
      reason: string;
      next: StoryState;
    };

export function topicNames(match: RuleMatch): string[] {
  return [...new Set(match.topics.map((t) => t.topic))].sort();
}

export interface DecideOptions {
  /**
   * The item is another language's report of an event already alerted (a cross-language event
   * group): an actor or topic its own reading adds is the other analysis' difference, not news,
   * so only a score jump counts as escalation.
   */
  crossLanguage?: boolean;
}

/** What changed materially since the last alert, or null. */
export function escalationOf(
  state: StoryState,
  match: RuleMatch,
  rule: Rule,
  options: DecideOptions = {},
): string | null {
  const e = rule.escalation;
  if (e.scoreJump > 0 && match.score >= state.score + e.scoreJump)
    return `score ${state.score.toFixed(2)} -> ${match.score.toFixed(2)}`;
  if (options.crossLanguage) return null;
  if (e.newActor) {
    const added = match.actors.filter((a) => !state.actors.includes(a));
    if (added.length) return `new actor ${added.join(', ')}`;
  }
  if (e.newTopic) {
    const added = topicNames(match).filter((t) => !state.topics.includes(t));
    if (added.length) return `new topic ${added.join(', ')}`;
  }
  return null;
}

export function decideAlert(
  state: StoryState | null,
  match: RuleMatch,
  storyId: string,
  now: Date,
  options: DecideOptions = {},
): Decision {
  const rule = match.rule;
  const snapshot = (revision: number, updates: number, base?: StoryState): StoryState => ({
    revision,
    lastAlertAt: now.toISOString(),
    score: Math.max(match.score, base?.score ?? 0),
    actors: [...new Set([...(base?.actors ?? []), ...match.actors])].sort(),
    topics: [...new Set([...(base?.topics ?? []), ...topicNames(match)])].sort(),
    updates,
  });
  const alert = (revision: number, isUpdate: boolean, reason: string, next: StoryState) =>
    ({
      kind: 'alert',
      isUpdate,
      revision,
      alertKey: alertKeyFor(rule.id, storyId, revision),
      reason,
      next,
    }) as const;

  if (!state) return alert(0, false, 'first match on story', snapshot(0, 0));
  const since = now.getTime() - Date.parse(state.lastAlertAt);
  if (since >= rule.cooldown)
    return alert(state.revision + 1, true, 'cooldown elapsed', snapshot(state.revision + 1, 0));
  const escalation = escalationOf(state, match, rule, options);
  if (!escalation) return { kind: 'suppress', reason: 'already alerted within cooldown' };
  if (state.updates >= rule.escalation.maxUpdates)
    return { kind: 'suppress', reason: `escalation (${escalation}) but follow-up already sent` };
  return alert(
    state.revision + 1,
    true,
    `escalation: ${escalation}`,
    snapshot(state.revision + 1, state.updates + 1, state),
  );
}

/** Burst handling: true when this alert of the rule should be folded into a digest. */
export function shouldFold(rule: Rule, alertsInWindow: number): boolean {
  return rule.digest !== undefined && alertsInWindow > rule.digest.after;
}
