import type { Job } from 'bullmq';
import { z } from 'zod';
import { AlertV1, type Alert } from '@faultline/shared/schemas';
import { PERIOD_MS, type BriefSpec } from '../briefs-config.ts';
import { buildBrief, briefIsEmpty, type Brief } from '../core/brief.ts';
import type { BriefSource } from './brief-source.ts';
import type { Sent } from './channel-send.ts';
import { delayJob, settle, waitForSlot, type DeliveryDeps } from './delivery-common.ts';

// One scheduled brief, run by the channel's own worker (Slack or notify queue) so it shares the
// destination's rate limit, retries, DLQ and history. The job comes from the brief's job
// scheduler (io/brief-scheduler.ts): its id is `repeat:brief-<name>:<scheduled ms>`, one per
// period whichever replica created it, and the scheduled time is the end of the period covered.
// The processor runs it inside the job's sending claim, so a re-run after a delivered brief
// sends nothing.

export const BriefJob = z.object({ destination: z.string(), brief: z.string().min(1) });
export type BriefJob = z.infer<typeof BriefJob>;

export interface BriefDeps {
  source: BriefSource;
  briefs: () => Record<string, BriefSpec>;
  /** Most held-back alerts one brief lists. */
  digestMax: number;
}

/** Whether a brief of the destination takes its rate-limited alerts (no prompt digests then). */
export function holdsOverflow(briefs: Record<string, BriefSpec>, destination: string): boolean {
  return Object.values(briefs).some((b) => b.channel === destination && b.holdOverflow);
}

/** The end of the period a brief job covers: its scheduled time. */
export function briefPeriodEnd(job: Pick<Job, 'opts' | 'timestamp' | 'id'>): Date {
  const scheduled = (job.opts as { prevMillis?: number }).prevMillis;
  if (typeof scheduled === 'number') return new Date(scheduled);
  const fromId = /:(\d{12,})$/.exec(job.id ?? '')?.[1];
  return new Date(fromId ? Number(fromId) : job.timestamp);
}

export async function runBrief(
  deps: DeliveryDeps & BriefDeps,
  data: BriefJob,
  job: Job,
  token: string | undefined,
  channel: {
    maxPerSecond: number;
    overflowKey: string;
    send(brief: Brief): Promise<Sent>;
    /** Schedules a digest of what is left in the overflow list, whatever the brief holds. */
    flushRest(): Promise<void>;
  },
): Promise<{ brief: string; sent: boolean; alerts?: number; heldBack?: number }> {
  const name = data.destination;
  const spec = deps.briefs()[data.brief];
  if (!spec || spec.channel !== name) {
    deps.log.warn({ brief: data.brief, destination: name }, 'brief no longer configured: skipped');
    return { brief: data.brief, sent: false };
  }
  const wait = await waitForSlot(deps, name, channel.maxPerSecond);
  if (wait > 0) return delayJob(job, token, wait);
  const raw = spec.holdOverflow
    ? await deps.redis.lrange(channel.overflowKey, 0, deps.digestMax - 1)
    : [];
  const heldBack: Alert[] = raw.flatMap((r) => {
    const p = AlertV1.safeParse(JSON.parse(r));
    return p.success ? [p.data] : [];
  });
  const to = briefPeriodEnd(job);
  const input = await deps.source.input(data.brief, spec, to, heldBack);
  if (input.unknownRules.length)
    deps.log.warn({ brief: data.brief, rules: input.unknownRules }, 'brief names unknown rules');
  const brief = buildBrief(input);
  if (spec.skipEmpty && briefIsEmpty(brief)) return { brief: data.brief, sent: false, alerts: 0 };
  const sent = await channel.send(brief);
  const periodMs = PERIOD_MS[spec.every];
  await settle(
    deps,
    job,
    token,
    sent.outcome,
    {
      alertKey: `brief:${data.brief}:${to.toISOString()}`,
      destination: name,
      reason: `${spec.every} brief ${data.brief}: ${brief.alertCount} alerts over ${periodMs / 3_600_000} h${heldBack.length ? `, ${heldBack.length} held back` : ''}`,
    },
    sent,
  );
  if (raw.length) {
    await deps.redis.ltrim(channel.overflowKey, raw.length, -1);
    if ((await deps.redis.llen(channel.overflowKey)) > 0) await channel.flushRest();
  }
  return { brief: data.brief, sent: true, alerts: brief.alertCount, heldBack: heldBack.length };
}
