import { z } from 'zod';

// Destinations of the notification channels beyond Slack and signed webhooks: e-mail (SMTP),
// PagerDuty Events API v2, Microsoft Teams (Workflows webhook), Telegram bot and Discord
// webhook. Secrets (SMTP password, routing key, bot token) are never written in the config: each
// names the environment variable holding it (`passwordEnv: SMTP_PASSWORD`), checked at start
// (config.ts names the key whose variable is unset) and read only when sending.

const Timeouts = { timeoutMs: z.number().int().positive().default(10_000) };

/** The name of an environment variable holding a secret. */
export const EnvRef = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected the name of an environment variable');

const Address = z.email();

export const EmailDestination = z
  .object({
    type: z.literal('email'),
    /** SMTP relay; its address is the operator's (an internal relay is normal), not checked for SSRF. */
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(587),
    /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
    secure: z.boolean().default(false),
    /** Refuse to send without STARTTLS (recommended on any relay outside the host). */
    requireTls: z.boolean().default(false),
    user: z.string().min(1).optional(),
    passwordEnv: EnvRef.optional(),
    from: Address,
    to: z.array(Address).min(1).max(100),
    /** A relay rarely takes more than a few messages per second from one sender. */
    maxPerSecond: z.number().positive().default(2),
    ...Timeouts,
  })
  .strict()
  .refine((d) => !d.passwordEnv || d.user, {
    message: 'passwordEnv needs a user',
    path: ['user'],
  });

export const PagerDutyDestination = z
  .object({
    type: z.literal('pagerduty'),
    /** Events API v2 endpoint (EU accounts: https://events.eu.pagerduty.com/v2/enqueue). */
    url: z.url().default('https://events.pagerduty.com/v2/enqueue'),
    /** The integration (routing) key of the service, from this environment variable. */
    routingKeyEnv: EnvRef,
    /** A story with no new alert for this long has its incident resolved. */
    resolveAfterMinutes: z
      .number()
      .positive()
      .default(24 * 60),
    /** PagerDuty takes about 120 events a minute per routing key. */
    maxPerSecond: z.number().positive().default(2),
    ...Timeouts,
  })
  .strict();

export const TeamsDestination = z
  .object({
    type: z.literal('teams'),
    /** A Teams Workflows ("Post to a channel when a webhook request is received") URL. */
    url: z.url(),
    maxPerSecond: z.number().positive().default(1),
    ...Timeouts,
  })
  .strict();

export const TelegramDestination = z
  .object({
    type: z.literal('telegram'),
    /** Bot API base; a local Bot API server or a test receiver can stand in. */
    apiBase: z.url().default('https://api.telegram.org'),
    botTokenEnv: EnvRef,
    /** A chat id (-100... for channels and supergroups) or @channelusername. */
    chatId: z.union([z.number().int(), z.string().regex(/^(-?\d+|@[A-Za-z0-9_]{5,})$/)]),
    /** Telegram allows about 20 messages a minute in one group. */
    maxPerSecond: z.number().positive().default(1),
    ...Timeouts,
  })
  .strict();

export const DiscordDestination = z
  .object({
    type: z.literal('discord'),
    /** https://discord.com/api/webhooks/<id>/<token> (the URL is the secret: keep it in env). */
    url: z.url(),
    username: z.string().min(1).max(80).optional(),
    /** Discord allows 5 requests per 2 seconds per webhook. */
    maxPerSecond: z.number().positive().default(2),
    ...Timeouts,
  })
  .strict();

export const NOTIFY_TYPES = ['email', 'pagerduty', 'teams', 'telegram', 'discord'] as const;
export type NotifyType = (typeof NOTIFY_TYPES)[number];

/** The environment variables a destination reads its secrets from, by config key. */
export function secretRefs(d: { type: string } & Record<string, unknown>): Record<string, string> {
  const refs: Record<string, string> = {};
  for (const key of ['passwordEnv', 'routingKeyEnv', 'botTokenEnv'])
    if (typeof d[key] === 'string') refs[key] = d[key];
  return refs;
}

/** The URL the SSRF policy checks at boot for a destination (none for SMTP). */
export function destinationUrlOf(d: { type: string } & Record<string, unknown>): string | null {
  if (d.type === 'telegram') return typeof d.apiBase === 'string' ? d.apiBase : null;
  return typeof d.url === 'string' ? d.url : null;
}
