import { Queue, Worker, UnrecoverableError, type Job, type ConnectionOptions } from 'bullmq';
import type { z } from 'zod';
import { PermanentError, describeError } from '../errors.ts';
import { formatIssues } from '../schemas/envelope.ts';
import { dlqQueue } from '../topics.ts';
import type { Logger } from '../log.ts';

// One BullMQ worker factory: every dequeued job is safeParsed with its schema before the
// processor sees it; a PermanentError (or a schema violation) fails the job without retries; a
// job that used up its attempts is copied to the queue's dead-letter queue with the reason, from
// where `faultline dlq replay` puts it back under the same job id.

export interface DeadLetter<T> {
  queue: string;
  jobId: string;
  name: string;
  data: T;
  reason: string;
  attemptsMade: number;
  failedAt: string;
}

export interface WorkerOptions<S extends z.ZodType> {
  queue: string;
  schema: S;
  connection: ConnectionOptions;
  /** `token` is the job's lock token, for `job.moveToDelayed(at, token)` + `DelayedError`. */
  process: (data: z.infer<S>, job: Job, token?: string) => Promise<unknown>;
  log: Logger;
  concurrency?: number;
  limiter?: { max: number; duration: number };
  /** Kept completed jobs (BullMQ retention): bounded so Redis does not grow. */
  keepCompleted?: number;
  /** Also drop completed jobs older than this many seconds (ids stay reserved until then). */
  keepCompletedAgeSeconds?: number;
  /** BullMQ job lock duration (renewed at half of it); BullMQ's default 30 s when absent. */
  lockDurationMs?: number;
  /**
   * How often the worker looks for stalled jobs (active, lock expired: their worker died or lost
   * Redis mid-job) and gives them back; default the lock duration. The first check after a job's
   * lock is gone notes it, the next one moves it to wait, so such a job waits up to twice this
   * after its lock expired. A check never touches a job whose lock is held.
   */
  stalledIntervalMs?: number;
  /** Longest wait between two attempts of a job with `backoff.type` CAPPED_EXPONENTIAL. */
  maxBackoffMs?: number;
}

/**
 * Exponential backoff with a ceiling: `delay * 2^(attempt-1)`, at most the worker's
 * `maxBackoffMs`, minus up to `jitter` of it at random. Without the ceiling a destination that was
 * down for a while waits about as long again after it is back before the next attempt.
 */
export const CAPPED_EXPONENTIAL = 'capped-exponential';

export function cappedBackoffMs(
  attemptsMade: number,
  backoff: { delay?: number; jitter?: number },
  maxMs: number,
  random: () => number = Math.random,
): number {
  const full = Math.min(
    maxMs,
    Math.round(2 ** Math.max(0, attemptsMade - 1) * (backoff.delay ?? 1000)),
  );
  return Math.floor(full * (1 - (backoff.jitter ?? 0) * random()));
}

export function createWorker<S extends z.ZodType>(options: WorkerOptions<S>): Worker {
  const log = options.log.child({ component: 'worker', queue: options.queue });
  const dlq = new Queue(dlqQueue(options.queue), { connection: options.connection });
  const worker = new Worker(
    options.queue,
    async (job: Job, token?: string) => {
      const parsed = options.schema.safeParse(job.data);
      if (!parsed.success)
        throw new UnrecoverableError(`invalid job data: ${formatIssues(parsed.error)}`);
      try {
        return await options.process(parsed.data, job, token);
      } catch (err) {
        if (err instanceof PermanentError) throw new UnrecoverableError(describeError(err));
        throw err;
      }
    },
    {
      connection: options.connection,
      concurrency: options.concurrency ?? 8,
      ...(options.limiter ? { limiter: options.limiter } : {}),
      ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
      ...(options.stalledIntervalMs || options.lockDurationMs
        ? { stalledInterval: options.stalledIntervalMs ?? options.lockDurationMs }
        : {}),
      removeOnComplete: {
        count: options.keepCompleted ?? 1000,
        ...(options.keepCompletedAgeSeconds ? { age: options.keepCompletedAgeSeconds } : {}),
      },
      removeOnFail: { count: 5000 },
      settings: {
        backoffStrategy: (attemptsMade, type, _err, job) => {
          const backoff = job?.opts.backoff;
          if (type !== CAPPED_EXPONENTIAL || typeof backoff !== 'object')
            throw new Error(`unknown backoff strategy ${type ?? ''}`);
          return cappedBackoffMs(attemptsMade, backoff, options.maxBackoffMs ?? 600_000);
        },
      },
    },
  );
  worker.on('failed', (job, err) => {
    if (!job) return;
    const attempts = job.opts.attempts ?? 1;
    const final =
      err instanceof UnrecoverableError ||
      err.name === 'UnrecoverableError' ||
      job.attemptsMade >= attempts;
    if (!final) return;
    const entry: DeadLetter<unknown> = {
      queue: options.queue,
      jobId: job.id ?? '',
      name: job.name,
      data: job.data,
      reason: describeError(err),
      attemptsMade: job.attemptsMade,
      failedAt: new Date().toISOString(),
    };
    log.warn({ jobId: job.id, reason: entry.reason }, 'job dead-lettered');
    void dlq
      .add(job.name, entry, { jobId: entry.jobId, removeOnComplete: false, removeOnFail: false })
      .catch((e: unknown) => log.error({ err: e, jobId: job.id }, 'could not dead-letter job'));
  });
  worker.on('error', (err) => {
    log.error({ err }, 'worker error');
    keepRunning(worker, log);
  });
  worker.on('closed', () => void dlq.close());
  return worker;
}

const RESTART_DELAY_MS = 1000;
const restarting = new WeakSet<Worker>();

/**
 * BullMQ's fetch loop survives connection errors by itself, but if `run()` ever rejects (the
 * error arrives here as an 'error' event) the worker stops taking jobs for good while the process
 * stays up and healthy-looking. Start the loop again after a pause, unless the worker is closing.
 */
function keepRunning(worker: Worker, log: Logger): void {
  if (restarting.has(worker) || worker.isRunning() || worker.closing) return;
  restarting.add(worker);
  setTimeout(() => {
    restarting.delete(worker);
    if (worker.isRunning() || worker.closing || worker.isPaused()) return;
    log.warn('worker loop had stopped, starting it again');
    worker.run().catch((err: unknown) => worker.emit('error', err as Error));
  }, RESTART_DELAY_MS).unref();
}

/** Lists dead letters of a queue (newest first). */
export async function listDeadLetters(queue: string, connection: ConnectionOptions, limit = 100) {
  const dlq = new Queue(dlqQueue(queue), { connection });
  try {
    const jobs = await dlq.getJobs(['waiting', 'delayed', 'prioritized'], 0, limit - 1);
    return jobs.map((j) => j.data as DeadLetter<unknown>);
  } finally {
    await dlq.close();
  }
}

/**
 * Puts dead letters back on their queue under their original job id (the failed original is
 * removed first so the id is free), then removes them from the DLQ. Returns the ids replayed.
 */
export async function replayDeadLetters(
  queue: string,
  connection: ConnectionOptions,
  options: { jobIds?: string[]; attempts?: number; backoffMs?: number } = {},
): Promise<string[]> {
  const source = new Queue(queue, { connection });
  const dlq = new Queue(dlqQueue(queue), { connection });
  try {
    const jobs = await dlq.getJobs(['waiting', 'delayed', 'prioritized']);
    const replayed: string[] = [];
    for (const job of jobs) {
      const entry = job.data as DeadLetter<unknown>;
      if (options.jobIds && !options.jobIds.includes(entry.jobId)) continue;
      const old = await source.getJob(entry.jobId);
      if (old) await old.remove();
      await source.add(entry.name, entry.data, {
        jobId: entry.jobId,
        attempts: options.attempts ?? 5,
        backoff: { type: 'exponential', delay: options.backoffMs ?? 1000, jitter: 0.5 },
      });
      await job.remove();
      replayed.push(entry.jobId);
    }
    return replayed;
  } finally {
    await Promise.all([source.close(), dlq.close()]);
  }
}

/** Removes dead letters (all, or the given ids) without delivering them. */
export async function dropDeadLetters(
  queue: string,
  connection: ConnectionOptions,
  jobIds?: string[],
) {
  const dlq = new Queue(dlqQueue(queue), { connection });
  try {
    const jobs = await dlq.getJobs(['waiting', 'delayed', 'prioritized']);
    let dropped = 0;
    for (const job of jobs) {
      if (jobIds && !jobIds.includes((job.data as DeadLetter<unknown>).jobId)) continue;
      await job.remove();
      dropped++;
    }
    return dropped;
  } finally {
    await dlq.close();
  }
}
