import { Queue, type ConnectionOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { AlertV1, type Alert } from '@faultline/shared/schemas';
import { dlqQueue } from '@faultline/shared/topics';
import { replayDeadLetters } from '@faultline/shared/queue';
import { readAlertHistory } from '@faultline/shared/state/alert-history';
import { deliveryJobId } from '@faultline/shared/state/delivery-ledger';
import { buildAlertRows, type AlertDetail } from '../core/alert-rows.ts';
import type { AlertRow, DlqRow } from '../core/model.ts';

// Alerts and their delivery status, read through the alerter's own history reader (a Redis
// stream, newest first). The details a history entry does not carry (topics, actors, evidence)
// come from the alert inside its delivery job, which the alerter keeps for keepCompletedHours.

export interface AlertQueues {
  slack: string;
  webhook: string;
}

export interface AlertsSource {
  readAlerts(limit: number): Promise<AlertRow[]>;
  countAlertsSince(since: Date, cap: number): Promise<number>;
  readDlqQueues(): Promise<DlqRow[]>;
  /** Jobs per delivery queue (and its DLQ) and state, for the faultline_queue_jobs gauge. */
  readQueueDepths(): Promise<Array<{ queue: string; state: string; count: number }>>;
  /** Replays dead-lettered deliveries (all, or those of one alert). Returns the job ids. */
  retryDeadLetters(alertKey?: string): Promise<string[]>;
  close(): Promise<void>;
}

export function createAlertsSource(options: {
  redis: Redis;
  connection: ConnectionOptions;
  /** The alerter's Redis prefix (alerter.redisPrefix). */
  prefix: string;
  queues: AlertQueues;
}): AlertsSource {
  const { redis, connection, prefix } = options;
  const queueNames = [options.queues.webhook, options.queues.slack];
  const queues = new Map(queueNames.map((q) => [q, new Queue(q, { connection })]));
  const dlqs = new Map(queueNames.map((q) => [q, new Queue(dlqQueue(q), { connection })]));
  const details = new Map<string, AlertDetail | null>();

  async function detailFor(alertKey: string, destinations: string[]): Promise<AlertDetail | null> {
    if (details.has(alertKey)) return details.get(alertKey) ?? null;
    let found: AlertDetail | null = null;
    for (const dest of destinations) {
      for (const queue of queues.values()) {
        const job = await queue.getJob(deliveryJobId(alertKey, dest));
        const parsed = AlertV1.safeParse((job?.data as { alert?: unknown } | undefined)?.alert);
        if (parsed.success) {
          found = toDetail(parsed.data);
          break;
        }
      }
      if (found) break;
    }
    // Remember misses only briefly: the job may simply not be written yet.
    if (found || details.size < 5000) details.set(alertKey, found);
    if (!found) setTimeout(() => details.delete(alertKey), 10_000).unref();
    if (details.size > 5000) details.delete(details.keys().next().value!);
    return found;
  }

  return {
    async readAlerts(limit) {
      const entries = await readAlertHistory(redis, { limit: limit * 8, prefix });
      const destinations = new Map<string, string[]>();
      for (const e of entries)
        if (e.type === 'delivery' && e.destination)
          (destinations.get(e.alertKey) ?? destinations.set(e.alertKey, []).get(e.alertKey)!).push(
            e.destination,
          );
      const alertKeys = entries
        .filter((e) => e.type === 'alert')
        .slice(0, limit)
        .map((e) => e.alertKey);
      const found = new Map<string, AlertDetail>();
      await Promise.all(
        alertKeys.map(async (key) => {
          const d = await detailFor(key, destinations.get(key) ?? []);
          if (d) found.set(key, d);
        }),
      );
      return buildAlertRows(entries, found, limit);
    },
    async countAlertsSince(since, cap) {
      const alerts = await readAlertHistory(redis, { limit: cap, prefix, type: 'alert' });
      return alerts.filter((a) => Date.parse(a.at) >= since.getTime()).length;
    },
    async readDlqQueues() {
      return Promise.all(
        [...dlqs].map(async ([q, dlq]) => {
          const counts = await dlq.getJobCounts('waiting', 'delayed', 'prioritized');
          const count = Object.values(counts).reduce((n, c) => n + c, 0);
          return { name: dlqQueue(q), kind: 'queue' as const, count };
        }),
      );
    },
    async readQueueDepths() {
      const all = [...queues, ...[...dlqs].map(([q, d]) => [dlqQueue(q), d] as const)];
      const rows = await Promise.all(
        all.map(async ([name, queue]) => {
          const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
          return Object.entries(counts).map(([state, count]) => ({ queue: name, state, count }));
        }),
      );
      return rows.flat();
    },
    async retryDeadLetters(alertKey) {
      const replayed: string[] = [];
      for (const q of queueNames) {
        const ids = alertKey
          ? (await dlqs.get(q)!.getJobs(['waiting', 'delayed', 'prioritized']))
              .map((j) => (j.data as { jobId?: string }).jobId ?? '')
              .filter((id) => id.startsWith(`${alertKey}-`))
          : undefined;
        if (ids && ids.length === 0) continue;
        replayed.push(...(await replayDeadLetters(q, connection, ids ? { jobIds: ids } : {})));
      }
      return replayed;
    },
    async close() {
      await Promise.all([...queues.values(), ...dlqs.values()].map((q) => q.close()));
    },
  };
}

function toDetail(alert: Alert): AlertDetail {
  const ex = alert.explanation;
  const actors = ex.dyads.length
    ? ex.dyads.map((d) => `${d.source}–${d.target}`)
    : ex.entities.filter((e) => e.id && e.type !== 'MISC').map((e) => e.id!);
  const evidence = ex.topics.flatMap((t) => t.evidence.map((s) => s.text)).find((t) => t.trim());
  return {
    topics: ex.topics.map((t) => t.topic),
    actors: [...new Set(actors)].slice(0, 8),
    evidence: evidence ?? null,
    channels: alert.channels,
    ...(alert.language ? { language: alert.language } : {}),
    ...(alert.gist ? { gist: alert.gist } : {}),
  };
}
