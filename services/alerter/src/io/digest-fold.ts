import type { Job, Queue } from 'bullmq';
import { AlertV1, type Alert } from '@faultline/shared/schemas';
import { jobOptions, type DeliveryJob, type DeliveryPolicy } from './jobs.ts';
import {
  delayJob,
  markDelivered,
  settle,
  waitForSlot,
  type DeliveryDeps,
  type Sent,
} from './delivery-common.ts';
import type { BriefSpec } from '../briefs-config.ts';
import { holdsOverflow } from './brief-worker.ts';

// Folding, shared by the Slack and the notify queues: each destination has a rate limit shared
// by every replica (Redis); an alert that finds it spent (or that the alerter asked to fold) is
// not queued behind the others: it is folded into the destination's overflow list, and one
// digest job sends everything folded as a single grouped message when the next slot frees.
// A destination whose brief holds its overflow (`holdOverflow`) gets no such digest: the folded
// alerts wait for the brief, which lists them and drains what it could not list as digests.

export interface FoldingDeps extends DeliveryDeps {
  /** The channel's queue itself, to schedule digest flushes. */
  queue: Queue;
  policy: DeliveryPolicy;
  digestMax: number;
  /** The configured briefs (a brief may hold its destination's overflow). */
  briefs?: () => Record<string, BriefSpec>;
}

/** Where a queue keeps a destination's folded alerts, and the flag of its scheduled flush. */
export interface OverflowKeys {
  list(destination: string): string;
  flag(destination: string): string;
}

export function createFolding(deps: FoldingDeps, overflow: OverflowKeys) {
  /**
   * Makes sure one digest flush is scheduled for the destination (at most one at a time); none
   * while a brief holds its overflow, unless `force` (the brief, or a flush under way, drains
   * what is left).
   */
  async function scheduleFlush(name: string, delayMs: number, force = false): Promise<void> {
    if (!force && deps.briefs && holdsOverflow(deps.briefs(), name)) return;
    const ok = await deps.redis.set(overflow.flag(name), '1', 'PX', 10 * 60_000, 'NX');
    if (ok !== 'OK') return;
    const seq = await deps.redis.incr(deps.keys.flushSeq);
    await deps.queue.add(
      'digest',
      { destination: name, digest: true },
      {
        ...jobOptions(deps.policy, `digest-${name}-${seq}`),
        delay: Math.max(0, Math.ceil(delayMs)),
      },
    );
  }

  async function fold(job: Job, name: string, alert: Alert, delayMs: number): Promise<void> {
    await deps.redis.rpush(overflow.list(name), JSON.stringify(alert));
    // Folded counts as handed over: a re-run or re-enqueued job must not fold it a second time.
    await markDelivered(deps, job);
    await scheduleFlush(name, delayMs);
    await deps.history.record({
      type: 'delivery',
      alertKey: alert.alertKey,
      destination: name,
      outcome: 'folded',
    });
  }

  return {
    /**
     * Before an alert is sent: folds it (resolves true) when the job says so or when the
     * destination's budget is spent, else takes its slot (resolves false). A destination that
     * cannot fold (`canFold` false) ignores the job's fold and waits for its slot instead.
     */
    async foldOrTakeSlot(
      job: Job,
      token: string | undefined,
      data: DeliveryJob,
      maxPerSecond: number,
      canFold = true,
    ): Promise<boolean> {
      const name = data.destination;
      if (canFold && data.foldMs !== undefined) {
        await fold(job, name, data.alert, data.foldMs);
        return true;
      }
      const wait = await waitForSlot(deps, name, maxPerSecond);
      if (wait === 0) return false;
      if (!canFold) return delayJob(job, token, wait);
      await fold(job, name, data.alert, wait);
      return true;
    },

    /** A digest job: sends up to `digestMax` folded alerts as one message, once a slot frees. */
    async flush(
      name: string,
      maxPerSecond: number,
      job: Job,
      token: string | undefined,
      send: (alerts: Alert[]) => Promise<Sent>,
    ) {
      const wait = await waitForSlot(deps, name, maxPerSecond);
      if (wait > 0) return delayJob(job, token, wait);
      const key = overflow.list(name);
      const raw = await deps.redis.lrange(key, 0, deps.digestMax - 1);
      const alerts = raw.flatMap((r) => {
        const p = AlertV1.safeParse(JSON.parse(r));
        return p.success ? [p.data] : [];
      });
      if (alerts.length) {
        const sent = await send(alerts);
        await settle(
          deps,
          job,
          token,
          sent.outcome,
          {
            alertKey: alerts.map((a) => a.alertKey).join(','),
            destination: name,
            reason: `digest of ${alerts.length}`,
          },
          sent,
        );
        await deps.redis.ltrim(key, raw.length, -1);
      }
      await deps.redis.del(overflow.flag(name));
      if ((await deps.redis.llen(key)) > 0) await scheduleFlush(name, 1000 / maxPerSecond, true);
      return { digest: alerts.length };
    },

    /** The destination's overflow list (a brief that holds it reads it). */
    overflowKey: (name: string) => overflow.list(name),

    /** Digests of what is left in the overflow list, even while a brief holds it. */
    flushRest: (name: string, maxPerSecond: number) =>
      scheduleFlush(name, 1000 / maxPerSecond, true),
  };
}
