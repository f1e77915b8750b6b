import { describe, it, expect, afterAll } from 'vitest';
import type { ConnectionOptions } from 'bullmq';
import type { z } from 'zod';
import { createRedis, listDeadLetters } from '@faultline/shared/queue';
import { readAlertHistory } from '@faultline/shared/state/alert-history';
import { AlerterSection } from '../../services/alerter/src/config.ts';
import { startDeliveryWorkers } from '../../services/alerter/src/io/delivery-workers.ts';
import { testAlert } from '../../services/alerter/src/fixtures/alerts.ts';
import {
  startReceiver,
  type Received,
  type Receiver,
} from '../../services/alerter/src/testing/receiver.ts';
import {
  DiscordWebhookFormat,
  PagerDutyEventFormat,
  TeamsMessageFormat,
  TelegramSendMessageFormat,
  formatProblem,
} from '../../services/alerter/src/testing/channel-formats.ts';
import { REDIS_URL, testLogger, uniqueName, waitFor } from '../support/brokers.ts';
import { testEnqueuer } from '../support/enqueuer.ts';

// PagerDuty, Teams, Telegram and Discord through the notify queue to local HTTP receivers that
// answer 400 to any body outside the service's format (required fields, size limits), as the
// services do. PagerDuty: one incident per story (dedup_key), resolved once the story is quiet.

const ROUTING_KEY = 'R' + Math.random().toString(36).slice(2).padEnd(31, '0').slice(0, 31);
const BOT_TOKEN = `123456:${Math.random().toString(36).slice(2)}AAbbCC`;

/** A receiver that checks bodies against a format and records the 400s it would answer. */
async function formatReceiver(
  schema: z.ZodType,
  reply?: (r: Received, attempt: number) => number | undefined,
) {
  const problems: string[] = [];
  const receiver = await startReceiver({
    reply: (req, attempt) => {
      const problem = formatProblem(schema, req.json);
      if (problem) {
        problems.push(problem);
        return { status: 400 };
      }
      const status = reply?.(req, attempt);
      return status ? { status, ...(status === 429 ? { retryAfter: '1' } : {}) } : { status: 202 };
    },
  });
  return Object.assign(receiver, { problems });
}

const bodies = (r: Receiver) =>
  r.log.filter((e) => e.json !== null).map((e) => e.json as Record<string, unknown>);

describe('PagerDuty, Teams, Telegram and Discord delivery', () => {
  const { log, lines } = testLogger('alerter-channels');
  const redis = createRedis(REDIS_URL, { forBullmq: true });
  const connection = redis as unknown as ConnectionOptions;
  process.env.FAULTLINE_TEST_PD_KEY = ROUTING_KEY;
  process.env.FAULTLINE_TEST_TG_TOKEN = BOT_TOKEN;
  afterAll(async () => {
    delete process.env.FAULTLINE_TEST_PD_KEY;
    delete process.env.FAULTLINE_TEST_TG_TOKEN;
    await redis.quit();
  });

  it('delivers valid bodies to each; PagerDuty triggers once per story and resolves it; Telegram 429 waits; secrets stay out', async () => {
    const pd = await formatReceiver(PagerDutyEventFormat);
    const teams = await formatReceiver(TeamsMessageFormat);
    const telegram = await formatReceiver(TelegramSendMessageFormat, (_, attempt) =>
      attempt === 1 ? 429 : undefined,
    );
    const discord = await formatReceiver(DiscordWebhookFormat);
    const config = AlerterSection.parse({
      redisPrefix: `${uniqueName('chan')}:`,
      queues: {
        slack: uniqueName('slack'),
        webhook: uniqueName('webhook'),
        notify: uniqueName('notify'),
      },
      allowPrivateAddresses: true,
      destinations: {
        pd: {
          type: 'pagerduty',
          url: `${pd.url}/v2/enqueue`,
          routingKeyEnv: 'FAULTLINE_TEST_PD_KEY',
          resolveAfterMinutes: 0.03,
          maxPerSecond: 50,
        },
        teams: { type: 'teams', url: `${teams.url}/workflows/x`, maxPerSecond: 50 },
        tg: {
          type: 'telegram',
          apiBase: telegram.url,
          botTokenEnv: 'FAULTLINE_TEST_TG_TOKEN',
          chatId: -1001234567890,
          maxPerSecond: 50,
        },
        discord: {
          type: 'discord',
          url: `${discord.url}/api/webhooks/1/abc`,
          username: 'Faultline',
          maxPerSecond: 50,
        },
      },
      delivery: { attempts: 3, backoffMs: 100 },
    });
    const workers = startDeliveryWorkers({ connection, redis, config, log });
    const enqueuer = testEnqueuer(connection, config);
    const channels = ['pd', 'teams', 'tg', 'discord'];
    try {
      const first = testAlert(1, 'Border clash @everyone <b>reported</b> & denied', channels);
      const update = { ...testAlert(1, 'Border clash escalates', channels), isUpdate: true };
      const long = testAlert(2, `Very long headline ${'z'.repeat(5000)}`, channels);
      await enqueuer.enqueue(first);
      await enqueuer.enqueue(update);
      await enqueuer.enqueue(long);
      await waitFor(
        () => bodies(teams).length >= 3 && bodies(discord).length >= 3,
        15_000,
        'teams and discord',
      );
      await waitFor(() => telegram.accepted.size >= 3, 15_000, 'telegram after its 429s');
      // Resolves come ~2 s after each story's last trigger: one per story.
      await waitFor(
        () => bodies(pd).filter((b) => b.event_action === 'resolve').length >= 2,
        20_000,
        'pagerduty resolves',
      );
      await new Promise((r) => setTimeout(r, 500));
      for (const r of [pd, teams, telegram, discord]) expect(r.problems).toEqual([]);
      expect(await listDeadLetters(config.queues.notify, connection)).toEqual([]);

      const events = bodies(pd);
      const triggers = events.filter((b) => b.event_action === 'trigger');
      expect(triggers).toHaveLength(3);
      const dedup = new Set(triggers.map((t) => t.dedup_key));
      expect(dedup.size).toBe(2); // two stories, two incidents
      const resolves = events.filter((b) => b.event_action === 'resolve');
      expect(resolves).toHaveLength(2);
      expect(new Set(resolves.map((r) => r.dedup_key))).toEqual(dedup);
      expect(pd.log.every((e) => e.path === '/v2/enqueue')).toBe(true);

      // Telegram: the token in the path only; every message answered 429 once, then sent once.
      expect(telegram.log.every((e) => e.path === `/bot${BOT_TOKEN}/sendMessage`)).toBe(true);
      expect([...telegram.accepted.values()].every((n) => n === 1)).toBe(true);
      const tgText = bodies(telegram)
        .map((b) => String(b.text))
        .join('\n');
      expect(tgText).toContain('Why it fired');
      expect(tgText).toContain('&lt;b&gt;reported&lt;/b&gt; &amp; denied');

      const card = JSON.stringify(bodies(teams)[0]);
      expect(card).toContain('Why it fired');
      const d = bodies(discord).find((b) => JSON.stringify(b).includes('@everyone'))!;
      expect(d.allowed_mentions).toEqual({ parse: [] });

      const history = JSON.stringify(
        await readAlertHistory(redis, { prefix: config.redisPrefix, limit: 200 }),
      );
      for (const secret of [ROUTING_KEY, BOT_TOKEN]) {
        expect(history).not.toContain(secret);
        expect(lines.join('\n')).not.toContain(secret);
      }
    } finally {
      await enqueuer.close();
      await workers.close();
      for (const r of [pd, teams, telegram, discord]) await r.close();
    }
  });

  it('folds a Discord burst over its rate limit into a digest; a 400 dead-letters at once', async () => {
    const discord = await formatReceiver(DiscordWebhookFormat, (req) =>
      JSON.stringify(req.json).includes('Rejected story') ? 400 : undefined,
    );
    const config = AlerterSection.parse({
      redisPrefix: `${uniqueName('chan')}:`,
      queues: {
        slack: uniqueName('slack'),
        webhook: uniqueName('webhook'),
        notify: uniqueName('notify'),
      },
      allowPrivateAddresses: true,
      destinations: {
        discord: { type: 'discord', url: `${discord.url}/api/webhooks/1/abc`, maxPerSecond: 1 },
      },
      delivery: { attempts: 3, backoffMs: 100 },
    });
    const workers = startDeliveryWorkers({ connection, redis, config, log });
    const enqueuer = testEnqueuer(connection, config);
    try {
      const burst = Array.from({ length: 8 }, (_, i) =>
        testAlert(20 + i, `Burst item ${20 + i}`, ['discord']),
      );
      await Promise.all(burst.map((a) => enqueuer.enqueue(a)));
      const all = () => JSON.stringify(bodies(discord));
      await waitFor(() => burst.every((a) => all().includes(a.title)), 20_000, 'every burst alert');
      expect(bodies(discord).length).toBeLessThan(burst.length);
      expect(all()).toMatch(/Digest · \d+ alerts/);

      await new Promise((r) => setTimeout(r, 1100));
      await enqueuer.enqueue(testAlert(40, 'Rejected story', ['discord']));
      const dead = (await waitFor(
        async () => {
          const l = await listDeadLetters(config.queues.notify, connection);
          return l.length ? l : null;
        },
        15_000,
        'dead letter',
      ))!;
      expect(dead[0]!.reason).toMatch(/400/);
      expect(dead[0]!.attemptsMade).toBe(1);
    } finally {
      await enqueuer.close();
      await workers.close();
      await discord.close();
    }
  });
});
