import { describe, it, expect, afterAll } from 'vitest';
import { Queue, type ConnectionOptions } from 'bullmq';
import { createRedis } from '@faultline/shared/queue';
import { AlerterSection } from '../../services/alerter/src/config.ts';
import { startDeliveryWorkers } from '../../services/alerter/src/io/delivery-workers.ts';
import { deliveryJobId, jobOptions } from '../../services/alerter/src/io/jobs.ts';
import { buildAlert } from '../../services/alerter/src/core/build-alert.ts';
import { matchRules } from '../../services/alerter/src/core/match-rules.ts';
import { parseRulesYaml } from '../../services/alerter/src/core/rules-schema.ts';
import { seedItem } from '../../services/alerter/src/fixtures/analyzed-items.ts';
import { startReceiver } from '../../services/alerter/src/testing/receiver.ts';
import { REDIS_URL, testLogger, uniqueName, waitFor } from '../support/brokers.ts';

// A delivery worker whose event loop stalls past its job lock while the receiver is answering:
// BullMQ finds the job stalled and runs it again while the first run is still waiting for the
// response. The second run must not send the alert again (it waits for the sending claim, then
// finds the delivered marker). Without the claim the receiver got the same webhook-id twice.

const SECRET = 'whsec_' + Buffer.from('stalled-delivery-test-secret-32b').toString('base64');

function busyWait(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    /* the event loop is stuck: no lock renewal, no stalled check */
  }
}

describe('delivery job re-run while its first run is still sending', () => {
  const { log } = testLogger('alerter-stalled');
  const redis = createRedis(REDIS_URL, { forBullmq: true });
  const connection = redis as unknown as ConnectionOptions;
  afterAll(async () => {
    await redis.quit();
  });

  it('sends the alert once', async () => {
    const receiver = await startReceiver({
      secret: SECRET,
      // First request: the whole process freezes for 3 lock durations (the lock expires), then
      // the answer takes another 2 s, long enough for the stalled check to start a second run.
      reply: (_req, attempt) => {
        if (attempt > 1) return {};
        busyWait(1500);
        return { delayMs: 2000 };
      },
    });
    const config = AlerterSection.parse({
      redisPrefix: `${uniqueName('stall')}:`,
      queues: { slack: uniqueName('slack'), webhook: uniqueName('webhook') },
      allowPrivateDestinations: true,
      destinations: {
        hook: { type: 'webhook', url: `${receiver.url}/hook`, secrets: [SECRET], timeoutMs: 8000 },
      },
      delivery: { attempts: 3, backoffMs: 100, concurrency: 4, lockMs: 500 },
    });
    const workers = startDeliveryWorkers({ connection, redis, config, log });
    const queue = new Queue(config.queues.webhook, { connection });
    try {
      const parsed = parseRulesYaml(
        'rules:\n  - {id: r, channels: [hook], match: {minScore: 0.1}}',
      );
      if (!parsed.ok) throw new Error('rules');
      const item = seedItem();
      const match = matchRules(item, parsed.rules)[0]!;
      const alert = buildAlert(
        item,
        match,
        { alertKey: 'a_stall', isUpdate: false, reason: 'first' },
        new Date(),
      );
      const id = deliveryJobId(alert.alertKey, 'hook');
      await queue.add('alert', { alert, destination: 'hook' }, jobOptions(config.delivery, id));
      const job = await waitFor(
        async () => ((await queue.getJobState(id)) === 'completed' ? true : null),
        30_000,
        'job completed',
      );
      expect(job).toBe(true);
      // The job was found stalled and run again, yet sent once.
      expect((await queue.getJob(id))?.stalledCounter).toBeGreaterThanOrEqual(1);
      expect(receiver.attempts.get(id)).toBe(1);
      expect(receiver.accepted.get(id)).toBe(1);
    } finally {
      await workers.close();
      await queue.obliterate({ force: true });
      await queue.close();
      await receiver.close();
    }
  }, 60_000);
});
