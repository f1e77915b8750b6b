import { describe, it, expect, afterAll } from 'vitest';
import { Queue, type ConnectionOptions } from 'bullmq';
import { createRedis, listDeadLetters } from '@faultline/shared/queue';
import { createHistory, readAlertHistory } from '@faultline/shared/state/alert-history';
import { alertStoryKeys, createStoryStore } from '@faultline/shared/state/alert-story';
import { writeSeries } from '@faultline/shared/state/trend-index';
import { AlerterSection } from '../../services/alerter/src/config.ts';
import { startDeliveryWorkers } from '../../services/alerter/src/io/delivery-workers.ts';
import { parseRulesYaml, type Rule } from '../../services/alerter/src/core/rules-schema.ts';
import { testAlert } from '../../services/alerter/src/fixtures/alerts.ts';
import { startReceiver, type Receiver } from '../../services/alerter/src/testing/receiver.ts';
import {
  DiscordWebhookFormat,
  formatProblem,
} from '../../services/alerter/src/testing/channel-formats.ts';
import { REDIS_URL, testLogger, uniqueName, waitFor } from '../support/brokers.ts';
import { testEnqueuer } from '../support/enqueuer.ts';

// Scheduled briefs over real Redis and BullMQ: two alerter replicas upsert the same job
// scheduler (a brief every 2 s here instead of every hour), and each period's brief is sent once,
// built from the alert history, the story state and the trend index; a Discord destination whose
// brief holds its overflow gets a burst over its rate limit in the next brief, none dropped; a
// Slack brief that fails once is retried and sent once.

const HOUR = 3_600_000;
const EVERY_2S = () => '*/2 * * * * *';

function rules(yaml: string): () => Rule[] {
  const parsed = parseRulesYaml(yaml);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return () => parsed.rules;
}

const bodies = (r: Receiver) => r.log.map((e) => e.json as Record<string, unknown>);
const briefBodies = (r: Receiver) =>
  bodies(r).filter((b) => JSON.stringify(b).includes('Hourly brief · desk'));

describe('scheduled briefs', () => {
  const { log } = testLogger('alerter-briefs');
  const redis = createRedis(REDIS_URL, { forBullmq: true });
  const connection = redis as unknown as ConnectionOptions;
  const queues: string[] = [];
  afterAll(async () => {
    // The schedulers outlive their workers: remove them with their queues.
    for (const name of queues) {
      const q = new Queue(name, { connection });
      await q.obliterate({ force: true }).catch(() => undefined);
      await q.close();
    }
    await redis.quit();
  });
  const queueNames = () => {
    const q = {
      slack: uniqueName('slack'),
      webhook: uniqueName('webhook'),
      notify: uniqueName('notify'),
    };
    queues.push(q.slack, q.notify);
    return q;
  };

  async function seed(prefix: string) {
    const history = createHistory(redis, `${prefix}alerter:history`, 10_000);
    const stories = createStoryStore(redis, alertStoryKeys(prefix), 7 * 24 * HOUR);
    const now = Date.now();
    const state = (actors: string[], score: number) => ({
      revision: 0,
      lastAlertAt: new Date(now).toISOString(),
      score,
      actors,
      topics: ['military-buildup'],
      updates: 0,
    });
    // Two days ago: RUS was already in an alert of the rule.
    await history.record({
      type: 'alert',
      alertKey: 'old',
      ruleId: 'r1',
      storyId: 's0',
      title: 'Old story',
      severity: 'low',
      at: new Date(now - 2 * 24 * HOUR).toISOString(),
    });
    await stories.saveState('r1', 's0', state(['RUS'], 0.5));
    for (const [story, title, severity, actors, score] of [
      ['s1', 'Troops mass near Kharkiv', 'high', ['RUS', 'UKR'], 0.91],
      ['s2', 'Junta closes the airspace', 'critical', ['NER'], 0.8],
    ] as const) {
      await history.record({
        type: 'alert',
        alertKey: `k-${story}`,
        ruleId: 'r1',
        storyId: story,
        title,
        severity,
      });
      await stories.saveState('r1', story, state([...actors], score));
    }
    // Another rule's alert: not in this brief.
    await history.record({
      type: 'alert',
      alertKey: 'k-x',
      ruleId: 'other',
      storyId: 'sx',
      title: 'Not mine',
    });
    const h = Math.floor(now / HOUR);
    // The previous full hour against the one before it: RUS-UKR rose by 6.
    await writeSeries(
      redis,
      prefix,
      'RUS|UKR',
      new Map([
        [h - 2, 2],
        [h - 1, 8],
      ]),
    );
    await writeSeries(
      redis,
      prefix,
      'IND|PAK',
      new Map([
        [h - 2, 1],
        [h - 1, 1],
      ]),
    );
  }

  it('sends one brief per period across two replicas, with top stories, movers and new actors; the overflow waits for it', async () => {
    const problems: string[] = [];
    const discord = await startReceiver({
      reply: (req) => {
        const p = formatProblem(DiscordWebhookFormat, req.json);
        if (p) problems.push(p);
        return { status: p ? 400 : 204 };
      },
    });
    const prefix = `${uniqueName('brief')}:`;
    const config = AlerterSection.parse({
      redisPrefix: prefix,
      queues: queueNames(),
      allowPrivateAddresses: true,
      destinations: {
        discord: { type: 'discord', url: `${discord.url}/api/webhooks/1/abc`, maxPerSecond: 1 },
      },
      briefs: { desk: { channel: 'discord', every: 'hourly', holdOverflow: true } },
      delivery: { attempts: 3, backoffMs: 100 },
    });
    await seed(prefix);
    const ruleSet = rules('rules:\n  - {id: r1, channels: [discord], match: {minScore: 0.1}}');
    const replicas = [0, 1].map(() =>
      startDeliveryWorkers({
        connection,
        redis,
        config,
        log,
        rules: ruleSet,
        briefPattern: EVERY_2S,
      }),
    );
    const enqueuer = testEnqueuer(connection, config);
    try {
      await Promise.all(replicas.map((r) => r.briefsScheduled));
      await waitFor(() => briefBodies(discord).length >= 1, 15_000, 'a first brief');
      const first = JSON.stringify(briefBodies(discord)[0]);
      expect(first).toContain('Junta closes the airspace');
      expect(first).toContain('Troops mass near Kharkiv');
      expect(first).not.toContain('Not mine');
      expect(first).not.toContain('Old story');
      expect(first).toMatch(/Russia ↔ Ukraine ▲ \+6/);
      expect(first).not.toContain('India ↔ Pakistan');
      // New actors: UKR and NER (RUS was in the earlier alert).
      expect(first).toMatch(/New actors[^]*NER/);
      expect(first).toMatch(/New actors[^]*Ukraine/);
      expect(first).not.toMatch(/New actors[^]*Russia/);

      // A burst over the 1/s limit: the first is sent, the rest wait for the next brief.
      const burst = Array.from({ length: 5 }, (_, i) =>
        testAlert(50 + i, `Burst alert ${50 + i}`, ['discord']),
      );
      for (const a of burst) await enqueuer.enqueue(a);
      const all = () => JSON.stringify(bodies(discord));
      await waitFor(() => burst.every((a) => all().includes(a.title)), 20_000, 'every burst alert');
      expect(all()).not.toMatch(/Digest · \d+ alerts/);
      expect(JSON.stringify(briefBodies(discord))).toMatch(/alerts held back by the rate limit/);

      // Let a few more periods pass, then count: one brief per period, whichever replica ran it.
      await new Promise((r) => setTimeout(r, 4500));
      await Promise.all(replicas.map((r) => r.close()));
      const entries = await readAlertHistory(redis, { prefix, type: 'delivery', limit: 1000 });
      const sent = entries.filter(
        (e) => e.alertKey.startsWith('brief:desk:') && e.outcome === 'delivered',
      );
      const periods = new Set(sent.map((e) => e.alertKey));
      expect(sent.length).toBeGreaterThanOrEqual(3);
      expect(periods.size).toBe(sent.length);
      expect(briefBodies(discord)).toHaveLength(sent.length);
      expect(problems).toEqual([]);
      expect(await listDeadLetters(config.queues.notify, connection)).toEqual([]);
    } finally {
      await enqueuer.close();
      await Promise.all(replicas.map((r) => r.close().catch(() => undefined)));
      await discord.close();
    }
  });

  it('retries a Slack brief that failed and sends it once', async () => {
    let failed = false;
    const slack = await startReceiver({
      reply: () => {
        if (!failed) {
          failed = true;
          return { status: 500 };
        }
        return { status: 200 };
      },
    });
    const prefix = `${uniqueName('brief')}:`;
    const config = AlerterSection.parse({
      redisPrefix: prefix,
      queues: queueNames(),
      allowPrivateAddresses: true,
      destinations: { desk: { type: 'slack', url: `${slack.url}/services/x`, maxPerSecond: 5 } },
      briefs: { desk: { channel: 'desk', every: 'hourly' } },
      delivery: { attempts: 3, backoffMs: 100 },
    });
    await seed(prefix);
    const workers = startDeliveryWorkers({
      connection,
      redis,
      config,
      log,
      rules: rules('rules:\n  - {id: r1, channels: [desk], match: {minScore: 0.1}}'),
      briefPattern: EVERY_2S,
    });
    try {
      await workers.briefsScheduled;
      await waitFor(() => slack.accepted.size >= 1, 15_000, 'a Slack brief');
      await workers.close();
      const [body] = [...slack.log]
        .filter((e) => e.json)
        .map((e) => e.json as { text: string; blocks: unknown[] });
      expect(body!.text).toMatch(/^Hourly brief · desk: 2 alerts in 2 stories/);
      expect(body!.blocks.length).toBeLessThanOrEqual(50);
      const entries = await readAlertHistory(redis, { prefix, type: 'delivery', limit: 100 });
      const tries = entries.filter((e) => e.alertKey.startsWith('brief:desk:')).reverse();
      expect(tries[0]).toMatchObject({ outcome: 'retry', attempt: 1, status: 500 });
      expect(tries[1]).toMatchObject({ outcome: 'delivered', attempt: 2 });
      expect(tries[1]!.alertKey).toBe(tries[0]!.alertKey);
    } finally {
      await workers.close().catch(() => undefined);
      await slack.close();
    }
  });
});
