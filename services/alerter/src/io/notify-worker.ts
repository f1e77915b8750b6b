import { createHash } from 'node:crypto';
import type { Job } from 'bullmq';
import { z } from 'zod';
import { PermanentError } from '@faultline/shared/errors';
import { NOTIFY_TYPES } from '../channels-config.ts';
import { alertNotice, digestNotice } from '../core/notice.ts';
import { DeliveryJob, DigestJob, jobOptions } from './jobs.ts';
import type { ChannelSender, NotifyDestination } from './channel-send.ts';
import {
  alertEntry,
  delayJob,
  sendOnce,
  settle,
  waitForSlot,
  type DeliveryDeps,
  type Sent,
} from './delivery-common.ts';
import { createFolding, type FoldingDeps } from './digest-fold.ts';
import { briefNotice } from '../core/brief-message.ts';
import { BriefJob, runBrief, type BriefDeps } from './brief-worker.ts';

// The notify queue: e-mail, PagerDuty, Teams, Telegram and Discord. Like Slack, each destination
// has a rate limit shared by every replica (Redis); an alert that finds it spent is folded into
// the destination's digest (digest-fold.ts) instead of waiting in line or being lost. PagerDuty is
// the exception: an incident is not a digest line, so a throttled trigger waits for its slot. A
// delivered PagerDuty trigger (re)schedules the story's resolve, `resolveAfterMinutes` after its
// latest alert.

export const ResolveJob = z.object({ destination: z.string(), resolve: z.string().min(1) });
export const NotifyJob = z.union([DigestJob, ResolveJob, BriefJob, DeliveryJob]);
export type NotifyJob = z.infer<typeof NotifyJob>;

export interface NotifyDeps extends Omit<FoldingDeps, 'briefs'>, BriefDeps {
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

type NotifyResult =
  | { digest: number }
  | { folded: boolean }
  | { status: number | undefined }
  | { brief: string; sent: boolean };

export function createNotifyProcessor(deps: NotifyDeps) {
  const folding = createFolding(deps, {
    list: deps.keys.notifyOverflow,
    flag: deps.keys.notifyFlushFlag,
  });

  return async (data: NotifyJob, job: Job, token?: string) => {
    const name = data.destination;
    const dest = notifyDestination(deps, name);
    // Resolving is idempotent at PagerDuty and its job id is reused per story: no claim.
    if ('resolve' in data) return resolve(name, dest, data.resolve, job, token);
    return sendOnce<NotifyResult>(deps, job, token, dest.timeoutMs, () =>
      'digest' in data
        ? folding.flush(name, dest.maxPerSecond, job, token, (alerts) =>
            deps.sender.notice(name, dest, digestNotice(alerts), job.id ?? name),
          )
        : 'brief' in data
          ? runBrief(deps, data, job, token, {
              maxPerSecond: dest.maxPerSecond,
              overflowKey: folding.overflowKey(name),
              send: (brief) => deps.sender.notice(name, dest, briefNotice(brief), job.id ?? name),
              flushRest: () => folding.flushRest(name, dest.maxPerSecond),
            })
          : deliver(name, dest, data, job, token),
    );
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
    const wait = await waitForSlot(deps, name, dest.maxPerSecond);
    if (wait > 0) return delayJob(job, token, wait);
    const sent = await deps.sender.pagerDuty(name, dest, { resolve: storyId });
    await settle(
      deps,
      job,
      token,
      sent.outcome,
      { alertKey: `resolve:${storyId}`, destination: name, reason: 'resolve' },
      sent,
    );
    return { status: sent.status, resolved: storyId };
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
    const pagerDuty = dest.type === 'pagerduty';
    if (await folding.foldOrTakeSlot(job, token, data, dest.maxPerSecond, !pagerDuty))
      return { folded: true };
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
}
