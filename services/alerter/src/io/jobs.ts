import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { CAPPED_EXPONENTIAL } from '@faultline/shared/queue';
import { z } from 'zod';
import { AlertV1, type Alert } from '@faultline/shared/schemas';
import type { Destination } from '../config.ts';
import { NOTIFY_TYPES } from '../channels-config.ts';
import { BriefJob } from './brief-worker.ts';

// The delivery jobs: one per (alert, destination), with the job id `<alertKey>-<destination>`,
// so enqueueing the same alert again is a no-op for as long as the job (or its completed record)
// is kept. Destinations travel by name; URLs and secrets stay in config, never in Redis.

export const DeliveryJob = z.object({
  alert: AlertV1,
  destination: z.string(),
  /** Slack and notify channels: fold into the destination's digest, flushed after this many ms. */
  foldMs: z.number().int().nonnegative().optional(),
});
export type DeliveryJob = z.infer<typeof DeliveryJob>;

export const DigestJob = z.object({ destination: z.string(), digest: z.literal(true) });
export const SlackJob = z.union([DigestJob, BriefJob, DeliveryJob]);

import { deliveryJobId } from '@faultline/shared/state/delivery-ledger';

export { deliveryJobId };

export interface DeliveryPolicy {
  attempts: number;
  backoffMs: number;
  keepCompletedHours: number;
  keepCompletedJobs: number;
}

export function jobOptions(policy: DeliveryPolicy, jobId: string): JobsOptions {
  return {
    jobId,
    attempts: policy.attempts,
    // Capped at the delivery worker's maxBackoffMs (see createWorker).
    backoff: { type: CAPPED_EXPONENTIAL, delay: policy.backoffMs, jitter: 0.5 },
    // Bounded both ways: a completed record only makes a re-enqueue of the same alert a no-op
    // early; the delivered marker (delivery-common.ts) is what stops a second send after that.
    removeOnComplete: {
      age: Math.round(policy.keepCompletedHours * 3600),
      count: policy.keepCompletedJobs,
    },
    removeOnFail: { count: 10_000 },
  };
}

export interface Enqueuer {
  /** Adds one job per channel of the alert; resolves once Redis has them all. */
  enqueue(alert: Alert, options?: { foldMs?: number }): Promise<string[]>;
  close(): Promise<void>;
}

export function createEnqueuer(
  connection: ConnectionOptions,
  queues: { slack: string; webhook: string; notify: string },
  destinations: () => Record<string, Destination>,
  policy: DeliveryPolicy,
  onUnknown: (destination: string, alert: Alert) => void,
  /** A `log` destination: the alert is written to the log here, no job is queued. */
  onLog: (destination: string, alert: Alert) => void = () => undefined,
): Enqueuer {
  const slack = new Queue(queues.slack, { connection });
  const webhook = new Queue(queues.webhook, { connection });
  const notify = new Queue(queues.notify, { connection });
  const queueOf = (type: Destination['type']) =>
    type === 'slack'
      ? slack
      : (NOTIFY_TYPES as readonly string[]).includes(type)
        ? notify
        : webhook;
  return {
    async enqueue(alert, options = {}) {
      const ids: string[] = [];
      await Promise.all(
        alert.channels.map(async (name) => {
          const dest = destinations()[name];
          if (!dest) return onUnknown(name, alert);
          if (dest.type === 'log') return onLog(name, alert);
          const id = deliveryJobId(alert.alertKey, name);
          const data: DeliveryJob = {
            alert,
            destination: name,
            ...(dest.type !== 'webhook' && options.foldMs !== undefined
              ? { foldMs: options.foldMs }
              : {}),
          };
          await queueOf(dest.type).add('alert', data, jobOptions(policy, id));
          ids.push(id);
        }),
      );
      return ids;
    },
    async close() {
      await Promise.all([slack.close(), webhook.close(), notify.close()]);
    },
  };
}
