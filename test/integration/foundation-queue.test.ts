import { describe, it, expect, afterAll } from 'vitest';
import { z } from 'zod';
import { Queue, type ConnectionOptions } from 'bullmq';
import {
  createRedis,
  createWorker,
  listDeadLetters,
  replayDeadLetters,
} from '@faultline/shared/queue';
import { PermanentError } from '@faultline/shared/errors';
import { REDIS_URL, testLogger, uniqueName, waitFor } from '../support/brokers.ts';

const Job = z.object({ n: z.number() });

describe('BullMQ adapter against the real Redis', () => {
  const { log } = testLogger();
  const redis = createRedis(REDIS_URL, { forBullmq: true });
  const connection = redis as unknown as ConnectionOptions;
  afterAll(async () => void (await redis.quit()));

  it('round-trips a job through Redis, and a re-added job id is a no-op', async () => {
    const name = uniqueName('q');
    const queue = new Queue(name, { connection });
    const done: number[] = [];
    const worker = createWorker({
      queue: name,
      schema: Job,
      connection,
      log,
      process: async (d) => void done.push(d.n),
    });
    try {
      await queue.add('job', { n: 1 }, { jobId: 'same' });
      await queue.add('job', { n: 1 }, { jobId: 'same' });
      await waitFor(() => done.length >= 1, 10_000, 'job processed');
      await new Promise((r) => setTimeout(r, 300));
      expect(done).toEqual([1]);
    } finally {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  it('dead-letters invalid and permanently failing jobs with a reason, and replays them', async () => {
    const name = uniqueName('q');
    const queue = new Queue(name, { connection });
    let healthy = false;
    const done: number[] = [];
    const worker = createWorker({
      queue: name,
      schema: Job,
      connection,
      log,
      process: async (d) => {
        if (!healthy) throw new PermanentError('receiver said 410');
        done.push(d.n);
      },
    });
    try {
      await queue.add('job', { n: 'x' }, { jobId: 'invalid' });
      await queue.add('job', { n: 2 }, { jobId: 'two', attempts: 3 });
      const dead = await waitFor(
        async () => {
          const l = await listDeadLetters(name, connection);
          return l.length >= 2 ? l : null;
        },
        10_000,
        'dead letters',
      );
      const reasons = Object.fromEntries(dead!.map((d) => [d.jobId, d.reason]));
      expect(reasons.invalid).toMatch(/invalid job data: n:/);
      expect(reasons.two).toMatch(/receiver said 410/);
      healthy = true;
      expect(await replayDeadLetters(name, connection, { jobIds: ['two'] })).toEqual(['two']);
      await waitFor(() => done.includes(2), 10_000, 'replayed job');
      expect((await listDeadLetters(name, connection)).map((d) => d.jobId)).toEqual(['invalid']);
    } finally {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
      const dlq = new Queue(`${name}-dlq`, { connection });
      await dlq.obliterate({ force: true });
      await dlq.close();
    }
  });
});
