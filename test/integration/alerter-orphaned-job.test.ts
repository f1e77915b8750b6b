import { describe, it, expect, afterAll } from 'vitest';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { createRedis } from '@faultline/shared/queue';
import type { Alert } from '@faultline/shared/schemas';
import { AlerterSection } from '../../services/alerter/src/config.ts';
import { startDeliveryWorkers } from '../../services/alerter/src/io/delivery-workers.ts';
import { deliveryJobId, jobOptions } from '../../services/alerter/src/io/jobs.ts';
import { buildAlert } from '../../services/alerter/src/core/build-alert.ts';
import { matchRules } from '../../services/alerter/src/core/match-rules.ts';
import { parseRulesYaml } from '../../services/alerter/src/core/rules-schema.ts';
import { seedItem } from '../../services/alerter/src/fixtures/analyzed-items.ts';
import { startReceiver } from '../../services/alerter/src/testing/receiver.ts';
import { REDIS_URL, testLogger, uniqueName, waitFor } from '../support/brokers.ts';

// A delivery job that was running in an alerter process when that process died (a consumer
// crash exits the process; a Redis outage loses the job's completion) stays `active` in Redis
// with nobody working on it. Only BullMQ's stalled-job check gives it back to a worker, once its
// lock has expired: the first check after the restart notes it, the next one moves it to wait.
// With the check every lockMs (30 s) such a job was delivered ~30 s after the new process started
// (seen in chaos redis-restart when the alerter crashed as Redis came back).

const SECRET = 'whsec_' + Buffer.from('orphaned-delivery-test-secret-32').toString('base64');

describe('delivery job left active by a process that died', () => {
  const { log } = testLogger('alerter-orphaned');
  const redis = createRedis(REDIS_URL, { forBullmq: true });
  const connection = redis as unknown as ConnectionOptions;
  afterAll(async () => {
    await redis.quit();
  });

  it('is delivered within seconds of a new worker starting, as is a new job', async () => {
    const receiver = await startReceiver({ secret: SECRET });
    // Production lock and check defaults (lockMs 30 s): only the names are private.
    const config = AlerterSection.parse({
      redisPrefix: `${uniqueName('orphan')}:`,
      queues: { slack: uniqueName('slack'), webhook: uniqueName('webhook') },
      allowPrivateDestinations: true,
      destinations: { hook: { type: 'webhook', url: `${receiver.url}/hook`, secrets: [SECRET] } },
    });
    const queue = new Queue(config.queues.webhook, { connection });
    const parsed = parseRulesYaml('rules:\n  - {id: r, channels: [hook], match: {minScore: 0.1}}');
    if (!parsed.ok) throw new Error('rules');
    const item = seedItem();
    const match = matchRules(item, parsed.rules)[0]!;
    const alertFor = (key: string): Alert =>
      buildAlert(item, match, { alertKey: key, isUpdate: false, reason: 'first' }, new Date());
    const add = (alert: Alert) =>
      queue.add(
        'alert',
        { alert, destination: 'hook' },
        jobOptions(config.delivery, deliveryJobId(alert.alertKey, 'hook')),
      );
    const orphanId = deliveryJobId('a_orphan', 'hook');
    const freshId = deliveryJobId('a_fresh', 'hook');
    let workers: Awaited<ReturnType<typeof startDeliveryWorkers>> | undefined;
    try {
      // The process that died: it took the job (lock held, 1 s), then vanished without a word.
      await add(alertFor('a_orphan'));
      const dead = new Worker(config.queues.webhook, null, {
        connection,
        autorun: false,
        lockDuration: 1000,
      });
      const taken = await dead.getNextJob('dead-process-token');
      expect(taken?.id).toBe(orphanId);
      await dead.close(true);
      await waitFor(
        async () =>
          (await redis.exists(`bull:${config.queues.webhook}:${orphanId}:lock`)) ? null : true,
        5000,
        'lock of the dead run expired',
      );

      // The restarted process: its workers start, and it enqueues a new alert.
      const startedAt = Date.now();
      workers = startDeliveryWorkers({ connection, redis, config, log });
      await add(alertFor('a_fresh'));
      const deliveredAt = async (id: string) =>
        waitFor(
          async () => ((await queue.getJobState(id)) === 'completed' ? Date.now() : 0),
          45_000,
          `${id} completed`,
        );
      const [fresh, orphan] = await Promise.all([deliveredAt(freshId), deliveredAt(orphanId)]);
      const figures = { freshMs: fresh - startedAt, orphanMs: orphan - startedAt };
      process.stdout.write(`ORPHANED-JOB ${JSON.stringify(figures)}\n`);
      expect(receiver.accepted.get(freshId)).toBe(1);
      expect(receiver.accepted.get(orphanId)).toBe(1);
      expect(figures.freshMs).toBeLessThan(3000);
      expect(figures.orphanMs).toBeLessThan(12_000);
    } finally {
      await workers?.close();
      await queue.obliterate({ force: true });
      await queue.close();
      await receiver.close();
    }
  }, 60_000);
});
