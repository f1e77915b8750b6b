import { z } from 'zod';
import { BaseConfig } from '@faultline/shared/config';
import { QUEUES, TOPICS, GROUPS, groupsFor, topicsFor } from '@faultline/shared/topics';
import { checkDestinationUrl } from './core/destination-url.ts';
import {
  DiscordDestination,
  EmailDestination,
  PagerDutyDestination,
  TeamsDestination,
  TelegramDestination,
  destinationUrlOf,
  secretRefs,
} from './channels-config.ts';
import { BRIEF_TYPES, BriefsSection } from './briefs-config.ts';

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

/**
 * The alert written as one line to the alerter's log (and so to `npm start`'s log file): the
 * destination the default config defines, so the example rules work before any Slack or webhook
 * is set up. Point the same name at a Slack or webhook destination to deliver elsewhere.
 */
export const LogDestination = z.object({ type: z.literal('log') });

export const Destination = z.discriminatedUnion('type', [
  SlackDestination,
  WebhookDestination,
  LogDestination,
  EmailDestination,
  PagerDutyDestination,
  TeamsDestination,
  TelegramDestination,
  DiscordDestination,
]);
export type Destination = z.infer<typeof Destination>;

export const AlerterSection = z
  .object({
    rulesFile: z.string().default('services/alerter/rules.example.yaml'),
    /** Prefix of every Redis key the alerter owns. */
    redisPrefix: z.string().default('faultline:'),
    /**
     * How long once-per-story state is kept after its last alert: longer than any rule's
     * cooldown, and at least `delivery.keepCompletedHours` (a story whose state expired starts
     * again at revision 0, whose alert key must no longer have a delivered marker). About 130 bytes
     * per (rule, story) alerted in the window.
     */
    stateTtlHours: z
      .number()
      .positive()
      .default(7 * 24),
    /**
     * Cross-language event grouping (after analysis): reports of one event in different
     * languages (same canonical pair and CAMEO class, published within `windowHours` of each
     * other, one story per language) share one story for once-per-story alerts and
     * corroboration. Off: every cleaner story alerts on its own.
     */
    events: z
      .object({
        enabled: z.boolean().default(true),
        windowHours: z.number().positive().default(24),
      })
      .prefault({}),
    /**
     * Alert and delivery history entries kept (approximately; ~2 per alert, ~250 bytes each, ~24 MB in all): the
     * dashboard counts the last 24 h of alerts from it (up to 10,000) and joins the newest alerts
     * with their delivery outcomes. Longer audit belongs in log shipping.
     */
    historyMaxLen: z.number().int().positive().default(100_000),
    topics: z
      .object({
        analyzed: z.string().default(TOPICS.analyzed),
        tensionEvents: z.string().default(TOPICS.tensionEvents),
        /** Where every alert and delivery outcome is published for the archive. */
        alerts: z.string().default(TOPICS.alerts),
      })
      .prefault({}),
    groupId: z.string().default(GROUPS.alerter),
    /**
     * Analysed items of one partition matched at the same time; items of one story (the
     * message key) are still handled one after another, so its once-per-story state is safe.
     */
    concurrency: z.number().int().positive().default(64),
    /** Consumer group of the `tension.events` consumer (trend rules). */
    trendGroupId: z.string().default(`${GROUPS.alerter}-trend`),
    queues: z
      .object({
        slack: z.string().default(QUEUES.slack),
        webhook: z.string().default(QUEUES.webhook),
        /** E-mail, PagerDuty, Teams, Telegram and Discord deliveries, and scheduled briefs. */
        notify: z.string().default(QUEUES.notify),
      })
      .prefault({}),
    destinations: z
      .record(
        z.string().regex(/^[A-Za-z0-9_.-]+$/, 'destination names: letters, digits, _ . -'),
        Destination,
      )
      // Until deployments name their own, the channels the example rules use write each alert
      // to the alerter's log (`npm start`: .faultline/logs/alerter.log).
      .default({ 'ops-slack': { type: 'log' }, 'siem-webhook': { type: 'log' } }),
    /** Scheduled hourly or daily briefs per channel and rules (briefs-config.ts). */
    briefs: BriefsSection,
    delivery: z
      .object({
        attempts: z.number().int().min(1).default(8),
        backoffMs: z.number().int().positive().default(2000),
        /** Longest wait between two attempts (the doubling stops there). */
        maxBackoffMs: z.number().int().positive().default(600_000),
        concurrency: z.number().int().positive().default(32),
        /**
         * Delivered markers are kept this long (a re-enqueued or re-run job sends nothing; ~90
         * bytes per delivery), and completed jobs at most this long.
         */
        keepCompletedHours: z.number().positive().default(72),
        /**
         * Completed jobs kept per queue (newest; ~2.6 KB each, the alert included): the dashboard
         * shows the topics, actors and evidence of its newest alerts (dashboard.alertLimit, at
         * most 1,000) from them. Nothing else needs them: the delivered markers, not completed
         * jobs, keep a re-enqueued alert from being sent twice.
         */
        keepCompletedJobs: z.number().int().positive().default(1_000),
        slackDigestMax: z.number().int().min(2).max(200).default(40),
        /**
         * A running job's BullMQ lock, renewed at half this interval. A worker whose event loop
         * stalls longer loses its jobs to a re-run (which then waits for the sending claim, so
         * nothing is sent twice); raise it on a machine that is often starved of CPU.
         */
        lockMs: z.number().int().min(200).default(30_000),
        /**
         * How often each delivery worker gives back jobs left active by a run that died (the
         * process exited, or Redis restarted under it) once their lock has expired: such a job
         * is sent again within about twice this after that. Was lockMs (30 s): after a
         * crash-restart the alerts in flight then waited ~30 s more than the new ones.
         */
        stalledCheckMs: z.number().int().min(200).default(5_000),
      })
      .prefault({}),
    /**
     * Let destinations reach loopback, private, link-local or metadata addresses (tests, fully
     * trusted networks). `allowPrivateDestinations` is the older name of the same switch.
     */
    allowPrivateAddresses: z.boolean().default(false),
    allowPrivateDestinations: z.boolean().default(false),
    /** Host names or IP literals allowed even when private (e.g. an internal SIEM collector). */
    allowHosts: z.array(z.string().min(1)).default([]),
  })
  .superRefine((cfg, ctx) => {
    for (const [name, b] of Object.entries(cfg.briefs)) {
      const type = cfg.destinations[b.channel]?.type;
      if (!type || !(BRIEF_TYPES as readonly string[]).includes(type))
        ctx.addIssue({
          code: 'custom',
          path: ['briefs', name, 'channel'],
          message: type
            ? `a brief goes to a ${BRIEF_TYPES.join(', ')} destination, not ${type}`
            : `no destination named "${b.channel}"`,
        });
    }
    for (const [name, d] of Object.entries(cfg.destinations)) {
      // Secrets come from the environment: an unset variable stops boot naming the key (never
      // the value).
      for (const [key, env] of Object.entries(secretRefs(d)))
        if (!process.env[env])
          ctx.addIssue({
            code: 'custom',
            path: ['destinations', name, key],
            message: `environment variable ${env} is not set`,
          });
      const url = destinationUrlOf(d);
      if (url === null) continue;
      const problem = checkDestinationUrl(url, destinationPolicy(cfg));
      const key = d.type === 'telegram' ? 'apiBase' : 'url';
      if (problem)
        ctx.addIssue({ code: 'custom', path: ['destinations', name, key], message: problem });
    }
  });
export type AlerterSection = z.infer<typeof AlerterSection>;

/** The SSRF policy for destination URLs (see io/destination-guard.ts). */
export function destinationPolicy(cfg: {
  allowPrivateAddresses: boolean;
  allowPrivateDestinations: boolean;
  allowHosts: string[];
}): { allowPrivate: boolean; allowHosts: string[] } {
  return {
    allowPrivate: cfg.allowPrivateAddresses || cfg.allowPrivateDestinations,
    allowHosts: cfg.allowHosts,
  };
}

type Raw = Record<string, unknown>;
const obj = (v: unknown): Raw =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {};

/**
 * Names the alerter uses that the deployment's prefixes decide, unless the alerter section sets
 * them: topics and consumer groups from `kafka.topicPrefix`, Redis keys from `redis.keyPrefix`,
 * and BullMQ queue names from `redis.keyPrefix` too when it is not the default (queue names may
 * not hold ':', so `st1:` gives `st1-deliver-slack`; the default deployment keeps `deliver-slack`).
 */
export function applyDeploymentNames(raw: unknown): unknown {
  const data = obj(raw);
  const topicPrefix = obj(data.kafka).topicPrefix;
  const keyPrefix = obj(data.redis).keyPrefix;
  const tp = typeof topicPrefix === 'string' ? topicPrefix : '';
  const kp = typeof keyPrefix === 'string' ? keyPrefix : 'faultline:';
  const alerter = obj(data.alerter);
  const topics = topicsFor(tp);
  const groups = groupsFor(tp);
  const queuePrefix = kp === 'faultline:' ? '' : `${kp.replace(/[:\s]+/g, '-')}`;
  const queues = obj(alerter.queues);
  return {
    ...data,
    alerter: {
      ...alerter,
      redisPrefix: alerter.redisPrefix ?? kp,
      topics: {
        analyzed: topics.analyzed,
        tensionEvents: topics.tensionEvents,
        alerts: topics.alerts,
        ...obj(alerter.topics),
      },
      groupId: alerter.groupId ?? groups.alerter,
      trendGroupId: alerter.trendGroupId ?? `${groups.alerter}-trend`,
      queues: {
        slack: `${queuePrefix}${QUEUES.slack}`,
        webhook: `${queuePrefix}${QUEUES.webhook}`,
        notify: `${queuePrefix}${QUEUES.notify}`,
        ...queues,
      },
    },
  };
}

export const AlerterConfig = z.preprocess(
  applyDeploymentNames,
  BaseConfig.extend({ alerter: AlerterSection.prefault({}) }),
);
export type AlerterConfig = z.infer<typeof AlerterConfig>;
