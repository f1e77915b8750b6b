import { Queue, type Job } from 'bullmq';
import type { z } from 'zod';
import { AlertV1, type Alert } from '@faultline/shared/schemas';
import { buildSlackDigest, buildSlackMessage } from '../core/slack-blocks.ts';
import { classifyResponse, type Outcome } from '../core/delivery-outcome.ts';
import { jobOptions, type DeliveryJob, type DeliveryPolicy, type SlackJob } from './jobs.ts';
import type { Destination } from '../config.ts';
import { postJson } from './http-send.ts';
import {
  alertEntry,
  claimSend,
  CLAIM_MARGIN_MS,
  markDelivered,
  delayJob,
  destinationOf,
  networkFailure,
  settle,
  type DeliveryDeps,
} from './delivery-common.ts';

// Slack incoming webhooks: at most `maxPerSecond` messages per webhook (shared across replicas
// through Redis). An alert that finds the budget spent is not queued behind the others: it is
// folded into the destination's overflow list, and one digest job sends everything folded as a
// single grouped message when the next slot frees. 429 Retry-After blocks the webhook and delays
// the job by exactly that long, without spending an attempt.

export interface SlackDeps extends DeliveryDeps {
  /** The Slack queue itself, to schedule digest flushes. */
  queue: Queue;
  policy: DeliveryPolicy;
  digestMax: number;
}

async function send(deps: SlackDeps, name: string, message: unknown) {
  const dest = destinationOf(deps, name, 'slack');
  try {
    const res = await postJson(deps.guard, dest.url, JSON.stringify(message), {}, dest.timeoutMs);
    return {
      outcome: classifyResponse(res.status, res.retryAfter),
      status: res.status,
      ms: res.ms,
    };
  } catch (err) {
    return { outcome: networkFailure(err) as Outcome };
  }
}

/** Makes sure one digest flush is scheduled for the destination (at most one at a time). */
async function scheduleFlush(deps: SlackDeps, name: string, delayMs: number): Promise<void> {
  const ok = await deps.redis.set(deps.keys.flushFlag(name), '1', 'PX', 10 * 60_000, 'NX');
  if (ok !== 'OK') return;
  const seq = await deps.redis.incr(deps.keys.flushSeq);
  await deps.queue.add(
    'digest',
    { destination: name, digest: true },
    { ...jobOptions(deps.policy, `digest-${name}-${seq}`), delay: Math.max(0, Math.ceil(delayMs)) },
  );
}

async function fold(
  deps: SlackDeps,
  job: Job,
  name: string,
  alert: Alert,
  delayMs: number,
): Promise<void> {
  await deps.redis.rpush(deps.keys.overflow(name), JSON.stringify(alert));
  // Folded counts as handed over: a re-run or re-enqueued job must not fold it a second time.
  await markDelivered(deps, job);
  await scheduleFlush(deps, name, delayMs);
  await deps.history.record({
    type: 'delivery',
    alertKey: alert.alertKey,
    destination: name,
    outcome: 'folded',
  });
}

async function flush(deps: SlackDeps, name: string, job: Job, token?: string) {
  const dest = destinationOf(deps, name, 'slack');
  const wait = await deps.takeSlot(deps.keys.rate(name), deps.keys.block(name), dest.maxPerSecond);
  if (wait > 0) return delayJob(job, token, wait);
  const key = deps.keys.overflow(name);
  const raw = await deps.redis.lrange(key, 0, deps.digestMax - 1);
  const alerts = raw.flatMap((r) => {
    const p = AlertV1.safeParse(JSON.parse(r));
    return p.success ? [p.data] : [];
  });
  if (alerts.length) {
    const { outcome, status, ms } = await send(deps, name, buildSlackDigest(alerts));
    await settle(
      deps,
      job,
      token,
      outcome,
      {
        alertKey: alerts.map((a) => a.alertKey).join(','),
        destination: name,
        reason: `digest of ${alerts.length}`,
      },
      { status, ms },
    );
    await deps.redis.ltrim(key, raw.length, -1);
  }
  await deps.redis.del(deps.keys.flushFlag(name));
  if ((await deps.redis.llen(key)) > 0) await scheduleFlush(deps, name, 1000 / dest.maxPerSecond);
  return { digest: alerts.length };
}

type SlackResult = { digest: number } | { folded: boolean } | { status: number | undefined };

export function createSlackProcessor(deps: SlackDeps) {
  return async (data: z.infer<typeof SlackJob>, job: Job, token?: string) => {
    const name = data.destination;
    const dest = destinationOf(deps, name, 'slack');
    // One run of a job at a time (folding counts: a second fold would repeat the alert).
    const sent = await claimSend<SlackResult>(
      deps,
      job,
      token,
      dest.timeoutMs + CLAIM_MARGIN_MS,
      () =>
        'digest' in data ? flush(deps, name, job, token) : deliver(deps, dest, data, job, token),
    );
    return sent ?? { status: 0 };
  };
}

async function deliver(
  deps: SlackDeps,
  dest: Extract<Destination, { type: 'slack' }>,
  data: DeliveryJob,
  job: Job,
  token: string | undefined,
) {
  const name = data.destination;
  if (data.foldMs !== undefined) {
    await fold(deps, job, name, data.alert, data.foldMs);
    return { folded: true };
  }
  const wait = await deps.takeSlot(deps.keys.rate(name), deps.keys.block(name), dest.maxPerSecond);
  if (wait > 0) {
    await fold(deps, job, name, data.alert, wait);
    return { folded: true };
  }
  const { outcome, status, ms } = await send(deps, name, buildSlackMessage(data.alert));
  await settle(deps, job, token, outcome, alertEntry(data.alert, name), { status, ms });
  return { status };
}
