import { describe, it, expect, afterAll } from 'vitest';
import type { ConnectionOptions } from 'bullmq';
import { createRedis, listDeadLetters, replayDeadLetters } from '@faultline/shared/queue';
import type { Alert } from '@faultline/shared/schemas';
import { readAlertHistory } from '@faultline/shared/state/alert-history';
import { AlerterSection } from '../../services/alerter/src/config.ts';
import { startDeliveryWorkers } from '../../services/alerter/src/io/delivery-workers.ts';
import { buildAlert } from '../../services/alerter/src/core/build-alert.ts';
import { matchRules } from '../../services/alerter/src/core/match-rules.ts';
import { parseRulesYaml } from '../../services/alerter/src/core/rules-schema.ts';
import { seedItem } from '../../services/alerter/src/fixtures/analyzed-items.ts';
import { startSmtpReceiver } from '../../services/alerter/src/testing/smtp-receiver.ts';
import { REDIS_URL, testLogger, uniqueName, waitFor } from '../support/brokers.ts';
import { testEnqueuer } from '../support/enqueuer.ts';

// E-mail delivery through nodemailer to a real SMTP server (smtp-server on 127.0.0.1) with AUTH:
// HTML and text parts with "why it fired", the password read from the environment and never
// logged, 451 retried, 550 dead-lettered and replayed, and a burst over the rate limit folded
// into one digest instead of being lost.

const PASSWORD = `smtp-pw-${Math.random().toString(36).slice(2)}`;
const ENV = 'FAULTLINE_TEST_SMTP_PASSWORD';

const parsed = parseRulesYaml('rules:\n  - {id: r-mail, channels: [mail], match: {minScore: 0.1}}');
if (!parsed.ok) throw new Error('rules');
const base = seedItem();
const match = matchRules(base, parsed.rules)[0]!;
const alertNo = (n: number, title: string): Alert =>
  buildAlert(
    { ...base, storyId: `s_mail${n}`, itemId: `i_mail${n}`, title },
    match,
    {
      alertKey: `a_mail${n}_${Math.random().toString(36).slice(2, 8)}`,
      isUpdate: false,
      reason: 'first',
    },
    new Date(),
  );

/** Decodes quoted-printable (soft breaks, =XX as UTF-8 bytes): enough to search the parts. */
const qp = (s: string) =>
  Buffer.from(
    s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => `%${h}`),
    'latin1',
  )
    .toString('latin1')
    .replace(/(%[0-9A-F]{2})+/g, (m) => {
      try {
        return decodeURIComponent(m);
      } catch {
        return m;
      }
    });

describe('e-mail delivery against a real SMTP server', () => {
  const { log, lines } = testLogger('alerter-email');
  const redis = createRedis(REDIS_URL, { forBullmq: true });
  const connection = redis as unknown as ConnectionOptions;
  process.env[ENV] = PASSWORD;
  afterAll(async () => {
    delete process.env[ENV];
    await redis.quit();
  });

  async function setup(
    maxPerSecond: number,
    reply?: (raw: string, attempt: number) => number | undefined,
  ) {
    const smtp = await startSmtpReceiver({
      user: 'alerts',
      password: PASSWORD,
      ...(reply ? { reply } : {}),
    });
    const config = AlerterSection.parse({
      redisPrefix: `${uniqueName('mail')}:`,
      queues: {
        slack: uniqueName('slack'),
        webhook: uniqueName('webhook'),
        notify: uniqueName('notify'),
      },
      destinations: {
        mail: {
          type: 'email',
          host: '127.0.0.1',
          port: smtp.port,
          user: 'alerts',
          passwordEnv: ENV,
          from: 'faultline@example.org',
          to: ['desk@example.org', 'oncall@example.org'],
          maxPerSecond,
          timeoutMs: 3000,
        },
      },
      delivery: { attempts: 3, backoffMs: 100 },
    });
    const workers = startDeliveryWorkers({ connection, redis, config, log });
    const enqueuer = testEnqueuer(connection, config);
    return {
      smtp,
      config,
      enqueuer,
      async close() {
        await enqueuer.close();
        await workers.close();
        await smtp.close();
      },
    };
  }

  it('sends HTML and text with why it fired; retries 451; dead-letters 550; replay delivers', async () => {
    let healthy = false;
    const s = await setup(100, (raw, attempt) => {
      if (raw.includes('Flaky relay') && attempt === 1) return 451;
      if (raw.includes('Bounced story') && !healthy) return 550;
      return undefined;
    });
    try {
      const alerts = [
        alertNo(1, 'Border clash <b>reported</b>'),
        alertNo(2, 'Flaky relay story'),
        alertNo(3, 'Bounced story'),
      ];
      for (const a of alerts) await s.enqueuer.enqueue(a);
      await waitFor(() => s.smtp.mails.length >= 2, 15_000, 'two mails');
      const dead = (await waitFor(
        async () => {
          const l = await listDeadLetters(s.config.queues.notify, connection);
          return l.length ? l : null;
        },
        15_000,
        'dead letter',
      ))!;
      expect(dead).toHaveLength(1);
      expect(dead[0]!.reason).toMatch(/550/);
      expect(dead[0]!.attemptsMade).toBe(1);

      const first = s.smtp.mails.find((m) => m.raw.includes('Border clash'))!;
      expect(first.user).toBe('alerts');
      expect(first.to.sort()).toEqual(['desk@example.org', 'oncall@example.org']);
      expect(first.raw).toMatch(/Content-Type: multipart\/alternative/i);
      expect(first.raw).toMatch(/Content-Type: text\/plain/i);
      expect(first.raw).toMatch(/Content-Type: text\/html/i);
      const body = qp(first.raw);
      expect(body).toContain('Why it fired');
      expect(body).toContain(alerts[0]!.explanation.matched[0]!);
      // The title's markup is escaped in the HTML part.
      expect(body).toContain('Border clash &lt;b&gt;reported&lt;/b&gt;');
      expect(s.smtp.mails.filter((m) => m.raw.includes('Flaky relay'))).toHaveLength(1);

      healthy = true;
      await replayDeadLetters(s.config.queues.notify, connection);
      await waitFor(
        () => s.smtp.mails.some((m) => m.raw.includes('Bounced story')),
        15_000,
        'replayed',
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(s.smtp.mails).toHaveLength(3);
      expect(s.smtp.badLogins).toBe(0);

      // The password is read from the environment at send time: never logged, never recorded.
      const history = await readAlertHistory(redis, { prefix: s.config.redisPrefix, limit: 100 });
      expect(JSON.stringify(history)).not.toContain(PASSWORD);
      expect(history.some((h) => h.outcome === 'retry' && /451/.test(h.error ?? ''))).toBe(true);
      expect(lines.join('\n')).not.toContain(PASSWORD);
    } finally {
      await s.close();
    }
  });

  it('folds a burst over the rate limit into one digest mail, losing none', async () => {
    const s = await setup(1);
    try {
      const alerts = Array.from({ length: 6 }, (_, i) =>
        alertNo(10 + i, `Burst story number ${10 + i}`),
      );
      await Promise.all(alerts.map((a) => s.enqueuer.enqueue(a)));
      const all = () => s.smtp.mails.map((m) => qp(m.raw)).join('\n');
      await waitFor(
        () => alerts.every((a) => all().includes(a.title)),
        20_000,
        'every alert mailed',
      );
      // One message per second at most: the alert that got the slot, then digests of the rest.
      expect(s.smtp.mails.length).toBeLessThan(alerts.length);
      expect(all()).toMatch(/Digest · \d+ alerts/);
      await new Promise((r) => setTimeout(r, 1500));
      // Nothing sent twice: every message has its own job id.
      const ids = s.smtp.mails.map((m) => /^X-Faultline-Id: (.+)$/im.exec(m.raw)?.[1]);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      await s.close();
    }
  });
});
