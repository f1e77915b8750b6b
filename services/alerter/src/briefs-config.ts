import { z } from 'zod';

// Scheduled briefs (`alerter.briefs`): an hourly or daily summary sent to one channel for a set
// of rules: the period's top stories, the dyads whose tension moved most, and the actors that
// were not in the rules' alerts before. One BullMQ job scheduler per brief (a fixed id), so
// however many alerter replicas run, one brief goes out per period.

const RuleId = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'expected a rule id');

/** Whether the runtime knows the IANA time zone (Intl throws a RangeError otherwise). */
function knownTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const BriefSpec = z
  .object({
    /** The destination the brief goes to: a Slack, e-mail, Teams, Telegram or Discord one. */
    channel: z.string().min(1),
    every: z.enum(['hourly', 'daily']),
    /** Daily: the time of day it goes out ("07:00"); hourly: only the minutes count ("00:15"). */
    at: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM, e.g. 07:00')
      .default('00:00'),
    /** IANA time zone `at` is read in. */
    timezone: z.string().refine(knownTimeZone, 'unknown time zone').default('UTC'),
    /** The rules it summarises; default: every rule that names `channel`. */
    rules: z.array(RuleId).min(1).max(200).optional(),
    /** Stories listed, the most severe and highest-scoring first. */
    top: z.number().int().min(1).max(25).default(10),
    /** Dyads listed whose tension index moved most against the period before. */
    movers: z.number().int().min(0).max(20).default(5),
    /** Actors listed that no alert of the rules named in the `lookbackDays` before the period. */
    newActors: z.number().int().min(0).max(30).default(10),
    lookbackDays: z.number().positive().max(30).default(7),
    /**
     * Alerts the channel's rate limit folds wait for this brief (one section of it) instead of
     * going out as a digest when the next slot frees; any beyond what one brief lists follow as
     * digests right after it. Never dropped either way.
     */
    holdOverflow: z.boolean().default(false),
    /** Send nothing for a period without alerts (default: a brief that says so). */
    skipEmpty: z.boolean().default(false),
  })
  .strict();
export type BriefSpec = z.output<typeof BriefSpec>;

export const BriefsSection = z
  .record(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'brief names: letters, digits, _ . -'), BriefSpec)
  .default({});

/** Destination types a brief can go to (PagerDuty takes incidents; webhooks take alerts). */
export const BRIEF_TYPES = ['slack', 'email', 'teams', 'telegram', 'discord'] as const;

export const PERIOD_MS = { hourly: 3_600_000, daily: 86_400_000 } as const;

/** The cron pattern of a brief's schedule (read in its `timezone`). */
export function briefPattern(spec: Pick<BriefSpec, 'every' | 'at'>): string {
  const [hh, mm] = spec.at.split(':').map(Number);
  return spec.every === 'hourly' ? `${mm} * * * *` : `${mm} ${hh} * * *`;
}

/** The job scheduler id of a brief: fixed, so every replica upserts the same one. */
export const briefSchedulerId = (name: string) => `brief-${name}`;
