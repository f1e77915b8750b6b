import type { AnalyzedItem } from '@faultline/shared/schemas';
import type { Logger } from '@faultline/shared/log';
import { itemSources, matchRules } from '../core/match-rules.ts';
import { decideAlert, shouldFold } from '../core/story-decision.ts';
import { buildAlert } from '../core/build-alert.ts';
import { findMute } from '../core/mutes.ts';
import type { Mute } from '@faultline/shared/state/mutes';
import type { Rule } from '../core/rules-schema.ts';
import type { StoryStore } from '@faultline/shared/state/alert-story';
import type { Enqueuer } from './jobs.ts';
import type { HistoryWriter } from '@faultline/shared/state/alert-history';
import type { EventGrouper } from './event-grouper.ts';
import { otherLanguages, type Placement } from '../core/event-group.ts';

// The alerter's handler for one analyzed item: match, silence, decide once-per-story, enqueue,
// then remember. It returns only after every delivery job is in Redis, so the consumer runner
// commits the item's offset only then; a crash before that replays the item, and the alert's
// deterministic key makes the replayed enqueue a no-op.
//
// With an event grouper, the story the decision and corroboration use is the item's
// cross-language event group (io/event-grouper.ts): a Russian, an Arabic and a Chinese report of
// one strike share one once-per-story state and one set of sources. Their items come from
// different stories (different Kafka keys), so they may be handled at once: decisions on one
// group are serialised here, and the alert key (rule, group, revision) keeps a second alerter
// instance's enqueue of the same alert a no-op.

export interface AlerterDeps {
  rules: () => Rule[];
  stories: StoryStore;
  mutes: (now: Date) => Promise<Mute[]>;
  enqueuer: Enqueuer;
  history: HistoryWriter;
  log: Logger;
  now?: () => Date;
  /** Cross-language event grouping; without it each item alerts on its own story. */
  events?: EventGrouper;
}

export interface HandleResult {
  alerts: string[];
  suppressed: number;
}

/** Runs `fn` after every earlier call with the same key has finished (one process). */
function keyedSerialiser() {
  const tails = new Map<string, Promise<unknown>>();
  return async <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const before = tails.get(key) ?? Promise.resolve();
    const run = before.then(fn, fn);
    const tail = run.catch(() => {});
    tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}

const OWN_STORY = (item: AnalyzedItem): Placement => ({
  storyId: item.storyId,
  group: null,
  crossLanguage: false,
  drop: [],
});

export function createAnalyzedHandler(deps: AlerterDeps) {
  const serialise = keyedSerialiser();
  return async (item: AnalyzedItem): Promise<HandleResult> => {
    const rules = deps.rules();
    if (!rules.length) return { alerts: [], suppressed: 0 };
    const placement = deps.events ? await deps.events.place(item) : OWN_STORY(item);
    return serialise(placement.storyId, () => decide(item, rules, placement));
  };

  async function decide(
    item: AnalyzedItem,
    rules: Rule[],
    placement: Placement,
  ): Promise<HandleResult> {
    const now = deps.now?.() ?? new Date();
    const storyId = placement.storyId;
    const result: HandleResult = { alerts: [], suppressed: 0 };
    const needsSources = rules.some((r) => r.corroboration);
    const storySources = needsSources
      ? await deps.stories.addSources(storyId, itemSources(item))
      : [];
    const matches = matchRules(item, rules, now, { storySources });
    if (!matches.length) return result;
    const mutes = await deps.mutes(now);
    const language = item.analysis?.language ?? item.language.code;
    const others = placement.group ? otherLanguages(placement.group, language) : [];
    const eventNote = others.length
      ? `event: one story with the reports in ${others.join(', ')} (${placement.group!.pair.replace('~', '-')})`
      : null;
    for (const match of matches) {
      // Log fields, not a child logger: a child costs its bindings' serialisation (and
      // redaction) even when nothing is logged at the level in force.
      const ids = { rule_id: match.rule.id, story_id: storyId, article_id: item.itemId };
      const mute = findMute(match.rule.id, item, mutes, now);
      if (mute) {
        result.suppressed++;
        deps.log.debug({ ...ids, mute: `${mute.kind}:${mute.value}` }, 'match muted');
        continue;
      }
      const state = await deps.stories.getState(match.rule.id, storyId);
      const decision = decideAlert(state, match, storyId, now, {
        crossLanguage: placement.crossLanguage,
      });
      if (decision.kind === 'suppress') {
        result.suppressed++;
        deps.log.debug({ ...ids, reason: decision.reason }, 'match suppressed');
        continue;
      }
      const alert = buildAlert(
        { ...item, storyId },
        eventNote ? { ...match, matched: [...match.matched, eventNote] } : match,
        decision,
        now,
      );
      const digest = match.rule.digest;
      const fold =
        digest &&
        shouldFold(
          match.rule,
          await deps.stories.countRuleAlert(match.rule.id, digest.window, now),
        );
      await deps.enqueuer.enqueue(alert, fold && digest ? { foldMs: digest.window } : {});
      await deps.stories.saveState(match.rule.id, storyId, decision.next);
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
  }
}
