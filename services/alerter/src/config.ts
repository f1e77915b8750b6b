import { z } from 'zod';
import { BaseConfig } from '@faultline/shared/config';
import { QUEUES, TOPICS, GROUPS } from '@faultline/shared/topics';
import { checkDestinationUrl } from './core/destination-url.ts';

// The alerter's config section. Destinations are named; rules refer to them by name, and logs
// and history name them, never their URLs (which are secrets).

const Timeouts = { timeoutMs: z.number().int().positive().default(10_000) };

export const SlackDestination = z.object({
  type: z.literal('slack'),
  url: z.url(),
  /** Slack allows about one message per second per incoming webhook. */
  maxPerSecond: z.number().positive().default(1),
  ...Timeouts,
});

export const WebhookDestination = z.object({
  type: z.literal('webhook'),
  url: z.url(),
  /** whsec_<base64>; several during rotation (every one signs). */
  secrets: z
    .array(z.string().regex(/^whsec_[A-Za-z0-9+/=]{16,}$/, 'expected whsec_<base64>'))
    .min(1),
  maxPerSecond: z.number().positive().default(200),
  ...Timeouts,
});

export const Destination = z.discriminatedUnion('type', [SlackDestination, WebhookDestination]);
export type Destination = z.infer<typeof Destination>;

export const AlerterSection = z
  .object({
    rulesFile: z.string().default('services/alerter/rules.example.yaml'),
    /** Prefix of every Redis key the alerter owns. */
    redisPrefix: z.string().default('faultline:'),
    /** How long once-per-story state is kept (bounded; longer than any rule's cooldown). */
    stateTtlHours: z
      .number()
      .positive()
      .default(7 * 24),
    historyMaxLen: z.number().int().positive().default(100_000),
    topics: z.object({ analyzed: z.string().default(TOPICS.analyzed) }).prefault({}),
    groupId: z.string().default(GROUPS.alerter),
    queues: z
      .object({
        slack: z.string().default(QUEUES.slack),
        webhook: z.string().default(QUEUES.webhook),
      })
      .prefault({}),
    destinations: z
      .record(
        z.string().regex(/^[A-Za-z0-9_.-]+$/, 'destination names: letters, digits, _ . -'),
        Destination,
      )
      .default({}),
    delivery: z
      .object({
        attempts: z.number().int().min(1).default(8),
        backoffMs: z.number().int().positive().default(2000),
        concurrency: z.number().int().positive().default(32),
        /** Completed job ids stay reserved this long, so a re-enqueued alert is a no-op. */
        keepCompletedHours: z.number().positive().default(72),
        slackDigestMax: z.number().int().min(2).max(200).default(40),
      })
      .prefault({}),
    allowPrivateDestinations: z.boolean().default(false),
  })
  .superRefine((cfg, ctx) => {
    for (const [name, d] of Object.entries(cfg.destinations)) {
      const problem = checkDestinationUrl(d.url, cfg.allowPrivateDestinations);
      if (problem)
        ctx.addIssue({ code: 'custom', path: ['destinations', name, 'url'], message: problem });
    }
  });
export type AlerterSection = z.infer<typeof AlerterSection>;

export const AlerterConfig = BaseConfig.extend({ alerter: AlerterSection.prefault({}) });
export type AlerterConfig = z.infer<typeof AlerterConfig>;
