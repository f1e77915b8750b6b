import { createTransport, type Transporter } from 'nodemailer';
import type { Alert } from '@faultline/shared/schemas';
import { describeError, PermanentError } from '@faultline/shared/errors';
import { scrubSecrets } from '@faultline/shared/log';
import type { Destination } from '../config.ts';
import type { NotifyType } from '../channels-config.ts';
import type { Outcome } from '../core/delivery-outcome.ts';
import type { Notice } from '../core/notice.ts';
import { buildEmail } from '../core/email-message.ts';
import { buildTeamsMessage } from '../core/teams-card.ts';
import { buildTelegramMessage } from '../core/telegram-message.ts';
import { buildDiscordMessage } from '../core/discord-message.ts';
import { buildPagerDutyResolve, buildPagerDutyTrigger } from '../core/pagerduty-event.ts';
import type { DestinationGuard } from './destination-guard.ts';
import { postOutcome, type Sent } from './delivery-common.ts';

// Sends one rendered notification to an e-mail, Teams, Telegram, Discord or PagerDuty
// destination and says what happened as an Outcome. Secrets are read from the environment here,
// at send time, and removed from any error text before it can reach a log or the history.

export type NotifyDestination = Extract<Destination, { type: NotifyType }>;

export type { Sent };

export interface ChannelSender {
  /** An alert, a folded digest or a brief, rendered for the destination's channel. */
  notice(name: string, dest: NotifyDestination, notice: Notice, id: string): Promise<Sent>;
  /** PagerDuty only: trigger (an alert) or resolve (a story gone quiet). */
  pagerDuty(
    name: string,
    dest: Extract<Destination, { type: 'pagerduty' }>,
    event: { trigger: Alert } | { resolve: string },
  ): Promise<Sent>;
  close(): Promise<void>;
}

/** Reads a secret named by the config; unset at send time is permanent (nothing will fix it). */
function secret(env: NodeJS.ProcessEnv, name: string, key: string, ref: string): string {
  const value = env[ref];
  if (!value)
    throw new PermanentError(`${name}: ${key}: environment variable ${ref} is not set`, 'config');
  return value;
}

const without = (text: string, secrets: string[]) =>
  scrubSecrets(secrets.reduce((t, s) => (s ? t.split(s).join('[REDACTED]') : t), text));

/** SMTP replies: 4xx is transient, 5xx permanent; a failed connection is retried. */
export function smtpOutcome(err: unknown, secrets: string[]): Outcome {
  const e = err as { responseCode?: number; code?: string };
  const reason = without(describeError(err), secrets);
  if (typeof e.responseCode === 'number') {
    if (e.responseCode >= 500)
      return { kind: 'permanent', reason: `SMTP ${e.responseCode}: ${reason}` };
    return { kind: 'retry', reason: `SMTP ${e.responseCode}: ${reason}` };
  }
  if (e.code === 'EAUTH')
    return { kind: 'permanent', reason: `SMTP authentication failed: ${reason}` };
  return { kind: 'retry', reason };
}

export function createChannelSender(
  guard: DestinationGuard,
  env: NodeJS.ProcessEnv = process.env,
): ChannelSender {
  const transports = new Map<string, Transporter>();

  function transport(name: string, dest: Extract<Destination, { type: 'email' }>): Transporter {
    let t = transports.get(name);
    if (!t) {
      const pass = dest.passwordEnv
        ? secret(env, name, 'passwordEnv', dest.passwordEnv)
        : undefined;
      t = createTransport({
        pool: true,
        maxConnections: 2,
        host: dest.host,
        port: dest.port,
        secure: dest.secure,
        requireTLS: dest.requireTls,
        connectionTimeout: dest.timeoutMs,
        greetingTimeout: dest.timeoutMs,
        socketTimeout: dest.timeoutMs,
        ...(dest.user ? { auth: { user: dest.user, ...(pass ? { pass } : {}) } } : {}),
        // A relay on the same host speaks STARTTLS with a certificate for its public name.
        tls: { servername: dest.host },
        logger: false,
        debug: false,
      });
      transports.set(name, t);
    }
    return t;
  }

  async function post(
    url: string,
    body: unknown,
    timeoutMs: number,
    secrets: string[] = [],
  ): Promise<Sent> {
    const sent = await postOutcome(guard, url, JSON.stringify(body), {}, timeoutMs);
    const { outcome } = sent;
    return 'reason' in outcome
      ? { ...sent, outcome: { ...outcome, reason: without(outcome.reason, secrets) } }
      : sent;
  }

  return {
    async notice(name, dest, notice, id) {
      switch (dest.type) {
        case 'email': {
          const mail = buildEmail(notice);
          const started = performance.now();
          const pass = dest.passwordEnv ? (env[dest.passwordEnv] ?? '') : '';
          try {
            await transport(name, dest).sendMail({
              from: dest.from,
              to: dest.to,
              subject: mail.subject,
              text: mail.text,
              html: mail.html,
              headers: { 'X-Faultline-Id': id },
            });
            return { outcome: { kind: 'delivered' }, ms: performance.now() - started };
          } catch (err) {
            return { outcome: smtpOutcome(err, [pass]) };
          }
        }
        case 'teams':
          return post(dest.url, buildTeamsMessage(notice), dest.timeoutMs);
        case 'discord':
          return post(dest.url, buildDiscordMessage(notice, dest.username), dest.timeoutMs);
        case 'telegram': {
          const token = secret(env, name, 'botTokenEnv', dest.botTokenEnv);
          const base = dest.apiBase.replace(/\/+$/, '');
          return post(
            `${base}/bot${token}/sendMessage`,
            buildTelegramMessage(notice, dest.chatId),
            dest.timeoutMs,
            [token],
          );
        }
        case 'pagerduty':
          throw new PermanentError(`${name}: PagerDuty takes alerts, not digests`, 'unsupported');
      }
    },
    async pagerDuty(name, dest, event) {
      const key = secret(env, name, 'routingKeyEnv', dest.routingKeyEnv);
      const body =
        'trigger' in event
          ? buildPagerDutyTrigger(event.trigger, key)
          : buildPagerDutyResolve(event.resolve, key);
      return post(dest.url, body, dest.timeoutMs, [key]);
    },
    async close() {
      for (const t of transports.values()) t.close();
      transports.clear();
    },
  };
}
