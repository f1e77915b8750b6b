import type { Job } from 'bullmq';
import { buildWebhookEvent } from '../core/webhook-body.ts';
import { signWebhook } from '../core/webhook-signing.ts';
import { classifyResponse, type Outcome } from '../core/delivery-outcome.ts';
import type { DeliveryJob } from './jobs.ts';
import { postJson } from './http-send.ts';
import type { Destination } from '../config.ts';
import {
  alertEntry,
  claimSend,
  CLAIM_MARGIN_MS,
  delayJob,
  destinationOf,
  networkFailure,
  settle,
  type DeliveryDeps,
} from './delivery-common.ts';

// Generic webhook delivery: a versioned JSON body, signed the Standard Webhooks way with
// webhook-id = the job id (stable across retries, so receivers deduplicate) and a fresh
// timestamp per attempt (so receivers can reject replays).

export function createWebhookProcessor(deps: DeliveryDeps) {
  return async (data: DeliveryJob, job: Job, token?: string): Promise<{ status: number }> => {
    const name = data.destination;
    const dest = destinationOf(deps, name, 'webhook');
    const sent = await claimSend(deps, job, token, dest.timeoutMs + CLAIM_MARGIN_MS, () =>
      attempt(data, dest, job, token),
    );
    return sent ?? { status: 0 };
  };

  async function attempt(
    data: DeliveryJob,
    dest: Extract<Destination, { type: 'webhook' }>,
    job: Job,
    token: string | undefined,
  ): Promise<{ status: number }> {
    const name = data.destination;
    const wait = await deps.takeSlot(
      deps.keys.rate(name),
      deps.keys.block(name),
      dest.maxPerSecond,
    );
    if (wait > 0) return delayJob(job, token, wait);
    const id = job.id ?? data.alert.alertKey;
    const now = new Date();
    const body = JSON.stringify(buildWebhookEvent(id, data.alert, now));
    const headers = signWebhook(dest.secrets, id, body, now);
    let outcome: Outcome;
    let status: number | undefined;
    let ms: number | undefined;
    try {
      const res = await postJson(deps.guard, dest.url, body, headers, dest.timeoutMs);
      ({ status, ms } = res);
      outcome = classifyResponse(res.status, res.retryAfter);
    } catch (err) {
      outcome = networkFailure(err);
    }
    await settle(deps, job, token, outcome, alertEntry(data.alert, name), { status, ms });
    return { status: status ?? 0 };
  }
}
