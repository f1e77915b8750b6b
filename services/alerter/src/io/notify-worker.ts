import { createHash } from 'node:crypto';
import type { Job, Queue } from 'bullmq';
import { z } from 'zod';
import { AlertV1, type Alert } from '@faultline/shared/schemas';
import { PermanentError } from '@faultline/shared/errors';
import { NOTIFY_TYPES } from '../channels-config.ts';
import { alertNotice, digestNotice } from '../core/notice.ts';
import { DeliveryJob, DigestJob, jobOptions, type DeliveryPolicy } from './jobs.ts';
import type { ChannelSender, NotifyDestination, Sent } from './channel-send.ts';
import {
  alertEntry,
  claimSend,
  CLAIM_MARGIN_MS,
  delayJob,
  markDelivered,
  settle,
  type DeliveryDeps,
} from './delivery-common.ts';

// The notify queue: e-mail, PagerDuty, Teams, Telegram and Discord. Like Slack, each destination
// has a rate limit shared by every replica (Redis); an alert that finds it spent is folded into
// the destination's overflow list and sent in the next digest, as soon as a slot frees, instead of
// waiting in line or being lost. PagerDuty is the exception: an incident is not a digest line, so
// a throttled trigger waits for its slot. A delivered PagerDuty trigger (re)schedules the story's
// resolve, `resolveAfterMinutes` after its latest alert.

export const ResolveJob = z.object({ destination: z.string(), resolve: z.string().min(1) });
export const NotifyJob = z.union([DigestJob, ResolveJob, DeliveryJob]);
export type NotifyJob = z.infer<typeof NotifyJob>;

export interface NotifyDeps extends DeliveryDeps {
  queue: Queue;
  policy: DeliveryPolicy;
  digestMax: number;
  sender: ChannelSender;
}

const NOTIFY = new Set<string>(NOTIFY_TYPES);

function notifyDestination(deps: DeliveryDeps, name: string): NotifyDestination {
  const dest = deps.destinations()[name];
  if (!dest || !NOTIFY.has(dest.type))
    throw new PermanentError(`no notify destination named "${name}"`, 'unknown-destination');
  return dest as NotifyDestination;
}

/** The resolve job of a story on a PagerDuty destination (one per story and destination). */
export const resolveJobId = (destination: string, storyId: string) =>
  `pd-resolve-${destination}-${createHash('sha256').update(storyId).digest('hex').slice(0, 24)}`;

type NotifyResult = { digest: number } | { folded: boolean } | { status: number | undefined };

export function createNotifyProcessor(deps: NotifyDeps) {
  return async (data: NotifyJob, job: Job, token?: string) => {
    const name = data.destination;
    const dest = notifyDestination(deps, name);
    // Resolving is idempotent at PagerDuty and its job id is reused per story: no claim.
    if ('resolve' in data) return resolve(name, dest, data.resolve, job, token);
    const sent = await claimSend<NotifyResult>(
      deps,
      job,
      token,
      dest.timeoutMs + CLAIM_MARGIN_MS,
      () =>
        'digest' in data ? flush(name, dest, job, token) : deliver(name, dest, data, job, token),
    );
    return sent ?? { status: 0 };
  };

  async function resolve(
    name: string,
    dest: NotifyDestination,
    storyId: string,
    job: Job,
    token: string | undefined,
  ) {
    if (dest.type !== 'pagerduty')
      throw new PermanentError(`${name}: not PagerDuty`, 'unsupported');
    const wait = await deps.takeSlot(
      deps.keys.rate(name),
      deps.keys.block(name),
      dest.maxPerSecond,
    );
    if (wait > 0) return delayJob(job, token, wait);
    const { outcome, status, ms } = await deps.sender.pagerDuty(name, dest, { resolve: storyId });
    await settle(
      deps,
      job,
      token,
      outcome,
      { alertKey: `resolve:${storyId}`, destination: name, reason: 'resolve' },
      { status, ms },
    );
    return { status, resolved: storyId };
  }

  async function scheduleResolve(name: string, minutes: number, storyId: string): Promise<void> {
    const id = resolveJobId(name, storyId);
    const delay = Math.round(minutes * 60_000);
    const existing = await deps.queue.getJob(id);
    if (existing && (await existing.isDelayed())) return existing.changeDelay(delay);
    if (existing) await existing.remove().catch(() => undefined);
    await deps.queue.add(
      'resolve',
      { destination: name, resolve: storyId },
      { ...jobOptions(deps.policy, id), delay },
    );
  }

  async function deliver(
    name: string,
    dest: NotifyDestination,
    data: DeliveryJob,
    job: Job,
    token: string | undefined,
  ) {
    if (dest.type !== 'pagerduty' && data.foldMs !== undefined) {
      await fold(job, name, data.alert, data.foldMs);
      return { folded: true };
    }
    const wait = await deps.takeSlot(
      deps.keys.rate(name),
      deps.keys.block(name),
      dest.maxPerSecond,
    );
    if (wait > 0) {
      if (dest.type === 'pagerduty') return delayJob(job, token, wait);
      await fold(job, name, data.alert, wait);
      return { folded: true };
    }
    let sent: Sent;
    if (dest.type === 'pagerduty')
      sent = await deps.sender.pagerDuty(name, dest, { trigger: data.alert });
    else
      sent = await deps.sender.notice(
        name,
        dest,
        alertNotice(data.alert),
        job.id ?? data.alert.alertKey,
      );
    await settle(deps, job, token, sent.outcome, alertEntry(data.alert, name), sent);
    if (dest.type === 'pagerduty')
      await scheduleResolve(name, dest.resolveAfterMinutes, data.alert.storyId);
    return { status: sent.status };
  }

  async function fold(job: Job, name: string, alert: Alert, delayMs: number): Promise<void> {
    await deps.redis.rpush(deps.keys.notifyOverflow(name), JSON.stringify(alert));
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

  /** Makes sure one digest flush is scheduled for the destination (at most one at a time). */
  async function scheduleFlush(name: string, delayMs: number): Promise<void> {
    const ok = await deps.redis.set(deps.keys.notifyFlushFlag(name), '1', 'PX', 10 * 60_000, 'NX');
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

  async function flush(name: string, dest: NotifyDestination, job: Job, token: string | undefined) {
    const wait = await deps.takeSlot(
      deps.keys.rate(name),
      deps.keys.block(name),
      dest.maxPerSecond,
    );
    if (wait > 0) return delayJob(job, token, wait);
    const key = deps.keys.notifyOverflow(name);
    const raw = await deps.redis.lrange(key, 0, deps.digestMax - 1);
    const alerts = raw.flatMap((r) => {
      const p = AlertV1.safeParse(JSON.parse(r));
      return p.success ? [p.data] : [];
    });
    if (alerts.length) {
      const sent = await deps.sender.notice(name, dest, digestNotice(alerts), job.id ?? name);
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
    await deps.redis.del(deps.keys.notifyFlushFlag(name));
    if ((await deps.redis.llen(key)) > 0) await scheduleFlush(name, 1000 / dest.maxPerSecond);
    return { digest: alerts.length };
  }
}
