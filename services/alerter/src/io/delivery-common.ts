import { DelayedError, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Alert } from '@faultline/shared/schemas';
import type { Logger } from '@faultline/shared/log';
import { scrubSecrets } from '@faultline/shared/log';
import { describeError, PermanentError, RetriableError } from '@faultline/shared/errors';
import type { Destination } from '../config.ts';
import type { Outcome } from '../core/delivery-outcome.ts';
import type { AlerterKeys } from './keys.ts';
import type { HistoryWriter, HistoryEntry } from '@faultline/shared/state/alert-history';
import { blockDestination, type TakeSlot } from './rate-limit.ts';
import type { BucketedMap } from '@faultline/shared/state/bucketed-map';
import { guardOutcome, type DestinationGuard } from './destination-guard.ts';
import { postJson } from './http-send.ts';
import { classifyResponse } from '../core/delivery-outcome.ts';

export interface DeliveryDeps {
  /** Fails fast while Redis is away (the job is retried later). */
  redis: Redis;
  /** Waits through a Redis outage: for the delivered marker, which must not be lost. */
  durable: Redis;
  /** Delivered markers: one field per job id in time-bucketed hashes (bucketed-map.ts). */
  delivered: { fast: BucketedMap; durable: BucketedMap };
  /** The per-destination rate limit, on `redis`. */
  takeSlot: TakeSlot;
  keys: AlerterKeys;
  guard: DestinationGuard;
  history: HistoryWriter;
  destinations: () => Record<string, Destination>;
  log: Logger;
}

// The delivered marker: a job can run again after it was delivered when Redis restarts between
// the send and the job's completion (the completion is lost, the lock is gone, the job is retried
// or found stalled); the marker keeps that re-run from sending the alert a second time. claimSend
// checks it in the same call that takes the sending claim.

/** A sending claim is held for the destination's timeout plus this much. */
export const CLAIM_MARGIN_MS = 10_000;

/** What one send attempt came to: its outcome and, when the receiver answered, its answer. */
export interface Sent {
  outcome: Outcome;
  status?: number;
  ms?: number;
}

/** POSTs the body to the destination (through the SSRF guard) and says what happened. */
export async function postOutcome(
  guard: DestinationGuard,
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<Sent> {
  try {
    const res = await postJson(guard, url, body, headers, timeoutMs);
    return {
      outcome: classifyResponse(res.status, res.retryAfter),
      status: res.status,
      ms: res.ms,
    };
  } catch (err) {
    return { outcome: networkFailure(err) };
  }
}

/** Takes a slot of the destination's rate limit: 0 when granted, else milliseconds to wait. */
export function waitForSlot(deps: DeliveryDeps, name: string, maxPerSecond: number) {
  return deps.takeSlot(deps.keys.rate(name), deps.keys.block(name), maxPerSecond);
}

/**
 * A job's run: `send` under the job's sending claim (held for the destination's timeout and the
 * margin); an alert already delivered resolves `{ status: 0 }` without sending.
 */
export async function sendOnce<T>(
  deps: DeliveryDeps,
  job: Job,
  token: string | undefined,
  timeoutMs: number,
  send: () => Promise<T>,
): Promise<T | { status: number }> {
  const sent = await claimSend(deps, job, token, timeoutMs + CLAIM_MARGIN_MS, send);
  return sent ?? { status: 0 };
}

/**
 * Runs `send` while holding the job's sending claim, so that one run of a job sends at a time.
 * BullMQ runs a job again while an earlier run is still sending when that run's lock expired (an
 * event loop starved for longer than the lock duration: the job is found stalled and started
 * again); both runs would find no delivered marker and both would send. The run that finds the
 * claim taken waits (the job is delayed without spending an attempt) and, by the time it runs
 * again, finds the marker. The claim expires by itself after `holdMs`, so a run that died while
 * sending does not hold up the retries. Resolves with `send`'s result, or null when the alert
 * was already delivered.
 */
export async function claimSend<T>(
  deps: DeliveryDeps,
  job: Job,
  token: string | undefined,
  holdMs: number,
  send: () => Promise<T>,
): Promise<T | null> {
  if (!job.id) return send();
  const key = deps.keys.sending(job.id);
  const mine = `${token ?? 'run'}:${Math.random().toString(36).slice(2)}`;
  // The marker check and the claim in one round trip.
  const state = await deps.delivered.fast.claimUnlessSet(job.id, key, mine, holdMs);
  if (state === 'delivered') return null;
  if (state === 'busy') return delayJob(job, token, 1000);
  try {
    return await send();
  } finally {
    await deps.delivered.fast.releaseClaim(key, mine).catch(() => undefined);
  }
}

/** Written on the connection that waits through a Redis outage: a marker must not be lost. */
export async function markDelivered(deps: DeliveryDeps, job: Job): Promise<void> {
  if (!job.id) return;
  await deps.delivered.durable.set(job.id, '1');
}

/**
 * Moves the active job back to delayed for `ms` without spending an attempt (BullMQ's
 * DelayedError), with a little jitter so a released batch does not stampede.
 */
export async function delayJob(job: Job, token: string | undefined, ms: number): Promise<never> {
  await job.moveToDelayed(Date.now() + ms + Math.random() * Math.min(ms, 250), token);
  throw new DelayedError();
}

export function destinationOf<T extends Destination['type']>(
  deps: DeliveryDeps,
  name: string,
  type: T,
): Extract<Destination, { type: T }> {
  const dest = deps.destinations()[name];
  if (!dest || dest.type !== type)
    throw new PermanentError(`no ${type} destination named "${name}"`, 'unknown-destination');
  return dest as Extract<Destination, { type: T }>;
}

/**
 * What the history records of a one-alert delivery attempt, besides its outcome: the alert's
 * entry (same alertKey) has its rule and title, the destination's type gives the queue.
 */
export function alertEntry(alert: Alert, destination: string) {
  return { alertKey: alert.alertKey, destination };
}

/** Records the attempt, then acts on the outcome: return, wait as told, retry or give up. */
export async function settle(
  deps: DeliveryDeps,
  job: Job,
  token: string | undefined,
  outcome: Outcome,
  entry: Omit<HistoryEntry, 'type' | 'at' | 'outcome' | 'status' | 'ms'>,
  /** The receiver's answer, when there was one (absent after a network failure). */
  response: { status?: number | undefined; ms?: number | undefined } = {},
): Promise<void> {
  if (outcome.kind === 'delivered') await markDelivered(deps, job);
  const error =
    outcome.kind === 'retry' || outcome.kind === 'permanent' ? outcome.reason : undefined;
  await deps.history.record({
    type: 'delivery',
    outcome: outcome.kind,
    attempt: job.attemptsMade + 1,
    ...entry,
    ...(response.status !== undefined ? { status: response.status } : {}),
    ...(response.ms !== undefined ? { ms: Math.round(response.ms) } : {}),
    ...(error ? { error: scrubSecrets(error) } : {}),
  });
  switch (outcome.kind) {
    case 'delivered':
      return;
    case 'throttled':
      deps.log.warn(
        { destination: entry.destination, jobId: job.id, waitMs: outcome.waitMs },
        'receiver throttled (429), waiting as told',
      );
      await blockDestination(deps.redis, deps.keys.block(entry.destination ?? ''), outcome.waitMs);
      return delayJob(job, token, outcome.waitMs);
    case 'retry':
      throw new RetriableError(`${entry.destination}: ${outcome.reason}`);
    case 'permanent':
      throw new PermanentError(`${entry.destination}: ${outcome.reason}`, 'rejected');
  }
}

/**
 * A network failure or timeout, as a retriable outcome whose reason is safe to log; a destination
 * the SSRF guard refuses is a permanent one.
 */
export function networkFailure(err: unknown): Outcome {
  const refused = guardOutcome(err);
  if (refused) return refused;
  return { kind: 'retry', reason: scrubSecrets(describeError(err)) };
}
