import type { AnalyzedItem } from '@faultline/shared/schemas';
import type { Logger } from '@faultline/shared/log';
import { itemSources, matchRules } from '../core/match-rules.ts';
import { decideAlert, shouldFold } from '../core/story-decision.ts';
import { buildAlert } from '../core/build-alert.ts';
import { findMute, type Mute } from '../core/mutes.ts';
import type { Rule } from '../core/rules-schema.ts';
import type { StoryStore } from './story-store.ts';
import type { Enqueuer } from './jobs.ts';
import type { HistoryWriter } from './history.ts';

// The alerter's handler for one analyzed item: match, silence, decide once-per-story, enqueue,
// then remember. It returns only after every delivery job is in Redis, so the consumer runner
// commits the item's offset only then; a crash before that replays the item, and the alert's
// deterministic key makes the replayed enqueue a no-op.

export interface AlerterDeps {
  rules: () => Rule[];
  stories: StoryStore;
  mutes: (now: Date) => Promise<Mute[]>;
  enqueuer: Enqueuer;
  history: HistoryWriter;
  log: Logger;
  now?: () => Date;
}

export interface HandleResult {
  alerts: string[];
  suppressed: number;
}

export function createAnalyzedHandler(deps: AlerterDeps) {
  return async (item: AnalyzedItem): Promise<HandleResult> => {
    const now = deps.now?.() ?? new Date();
    const rules = deps.rules();
    const result: HandleResult = { alerts: [], suppressed: 0 };
    if (!rules.length) return result;
    const needsSources = rules.some((r) => r.corroboration);
    const storySources = needsSources
      ? await deps.stories.addSources(item.storyId, itemSources(item))
      : [];
    const matches = matchRules(item, rules, now, { storySources });
    if (!matches.length) return result;
    const mutes = await deps.mutes(now);
    for (const match of matches) {
      // Log fields, not a child logger: a child costs its bindings' serialisation (and
      // redaction) even when nothing is logged at the level in force.
      const ids = { rule_id: match.rule.id, story_id: item.storyId, article_id: item.itemId };
      const mute = findMute(match.rule.id, item, mutes, now);
      if (mute) {
        result.suppressed++;
        deps.log.debug({ ...ids, mute: `${mute.kind}:${mute.value}` }, 'match muted');
        continue;
      }
      const state = await deps.stories.getState(match.rule.id, item.storyId);
      const decision = decideAlert(state, match, item.storyId, now);
      if (decision.kind === 'suppress') {
        result.suppressed++;
        deps.log.debug({ ...ids, reason: decision.reason }, 'match suppressed');
        continue;
      }
      const alert = buildAlert(item, match, decision, now);
      const digest = match.rule.digest;
      const fold =
        digest &&
        shouldFold(
          match.rule,
          await deps.stories.countRuleAlert(match.rule.id, digest.window, now),
        );
      await deps.enqueuer.enqueue(alert, fold && digest ? { foldMs: digest.window } : {});
      await deps.stories.saveState(match.rule.id, item.storyId, decision.next);
      await deps.history.record({
        type: 'alert',
        alertKey: alert.alertKey,
        ruleId: alert.ruleId,
        storyId: alert.storyId,
        itemId: alert.itemId,
        title: alert.title,
        severity: alert.severity,
        isUpdate: alert.isUpdate,
        reason: decision.reason,
      });
      deps.log.info(
        { ...ids, alert_key: alert.alertKey, isUpdate: alert.isUpdate, reason: decision.reason },
        'alert enqueued',
      );
      result.alerts.push(alert.alertKey);
    }
    return result;
  };
}
