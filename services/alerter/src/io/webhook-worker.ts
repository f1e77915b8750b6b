import type { Job } from 'bullmq';
import { buildWebhookEvent } from '../core/webhook-body.ts';
import { signWebhook } from '../core/webhook-signing.ts';
import type { DeliveryJob } from './jobs.ts';
import type { Destination } from '../config.ts';
import {
  alertEntry,
  delayJob,
  destinationOf,
  postOutcome,
  sendOnce,
  settle,
  waitForSlot,
  type DeliveryDeps,
} from './delivery-common.ts';

// Generic webhook delivery: a versioned JSON body, signed the Standard Webhooks way with
// webhook-id = the job id (stable across retries, so receivers deduplicate) and a fresh
// timestamp per attempt (so receivers can reject replays).

export function createWebhookProcessor(deps: DeliveryDeps) {
  return async (data: DeliveryJob, job: Job, token?: string): Promise<{ status: number }> => {
    const dest = destinationOf(deps, data.destination, 'webhook');
    return sendOnce(deps, job, token, dest.timeoutMs, () => attempt(data, dest, job, token));
  };

  async function attempt(
    data: DeliveryJob,
    dest: Extract<Destination, { type: 'webhook' }>,
    job: Job,
    token: string | undefined,
  ): Promise<{ status: number }> {
    const name = data.destination;
    const wait = await waitForSlot(deps, name, dest.maxPerSecond);
    if (wait > 0) return delayJob(job, token, wait);
    const id = job.id ?? data.alert.alertKey;
    const now = new Date();
    const body = JSON.stringify(buildWebhookEvent(id, data.alert, now));
    const headers = signWebhook(dest.secrets, id, body, now);
    const sent = await postOutcome(deps.guard, dest.url, body, headers, dest.timeoutMs);
    await settle(deps, job, token, sent.outcome, alertEntry(data.alert, name), sent);
    return { status: sent.status ?? 0 };
  }
}
