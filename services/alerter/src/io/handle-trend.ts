import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { TensionEvent } from '@faultline/shared/schemas';
import type { Logger } from '@faultline/shared/log';
import {
  buildTrendAlert,
  decideTrendAlert,
  matchTrendRules,
  trendEntities,
  trendStateId,
  type TrendState,
} from '../core/match-trend.ts';
import { findMute } from '../core/mutes.ts';
import type { Mute } from '@faultline/shared/state/mutes';
import type { Rule } from '../core/rules-schema.ts';
import type { AlerterKeys } from './keys.ts';
import type { Enqueuer } from './jobs.ts';
import type { HistoryWriter } from '@faultline/shared/state/alert-history';

// The alerter's handler for one tension spike event: match trend rules, silence, decide once per
// (rule, dyad, window, bucket) within the cooldown, enqueue, then remember. Like the item handler
// it returns only after the jobs are in Redis, so the offset is committed only then; the alert
// key comes from the event's time, so a replayed event's enqueue is a no-op.

const State = z.object({ lastAlertAt: z.string(), bucket: z.number(), zScore: z.number() });

export interface TrendStateStore {
  get(ruleId: string, stateId: string): Promise<TrendState | null>;
  save(ruleId: string, stateId: string, state: TrendState): Promise<void>;
}

export function createTrendStateStore(
  redis: Redis,
  keys: AlerterKeys,
  ttlMs: number,
): TrendStateStore {
  return {
    async get(ruleId, stateId) {
      const raw = await redis.get(keys.trendState(ruleId, stateId));
      if (!raw) return null;
      const parsed = State.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    },
    async save(ruleId, stateId, state) {
      await redis.set(keys.trendState(ruleId, stateId), JSON.stringify(state), 'PX', ttlMs);
    },
  };
}

export interface TrendDeps {
  rules: () => Rule[];
  states: TrendStateStore;
  mutes: (now: Date) => Promise<Mute[]>;
  enqueuer: Enqueuer;
  history: HistoryWriter;
  log: Logger;
  now?: () => Date;
}

export function createTrendHandler(deps: TrendDeps) {
  return async (event: TensionEvent): Promise<{ alerts: string[]; suppressed: number }> => {
    const now = deps.now?.() ?? new Date();
    const result = { alerts: [] as string[], suppressed: 0 };
    const matches = matchTrendRules(event, deps.rules());
    if (!matches.length) return result;
    const mutes = await deps.mutes(now);
    for (const match of matches) {
      const stateId = trendStateId(match);
      const log = deps.log.child({ rule_id: match.rule.id, dyad: stateId });
      const target = { feedId: 'tension.events', entities: trendEntities(match) };
      const mute = findMute(match.rule.id, target, mutes, now);
      if (mute) {
        result.suppressed++;
        log.debug({ mute: `${mute.kind}:${mute.value}` }, 'trend match muted');
        continue;
      }
      const decision = decideTrendAlert(await deps.states.get(match.rule.id, stateId), match);
      if (decision.kind === 'suppress') {
        result.suppressed++;
        log.debug({ reason: decision.reason }, 'trend match suppressed');
        continue;
      }
      const alert = buildTrendAlert(match, decision, now);
      await deps.enqueuer.enqueue(alert);
      await deps.states.save(match.rule.id, stateId, decision.next);
      await deps.history.record({
        type: 'alert',
        alertKey: alert.alertKey,
        ruleId: alert.ruleId,
        storyId: alert.storyId,
        itemId: alert.itemId,
        title: alert.title,
        severity: alert.severity,
        isUpdate: false,
        reason: decision.reason,
      });
      log.info({ alert_key: alert.alertKey, zScore: event.zScore }, 'trend alert enqueued');
      result.alerts.push(alert.alertKey);
    }
    return result;
  };
}
