import type { Admin } from 'kafkajs';
import type { Observation } from '../core/model.ts';
import { probeServices, type ProbeTarget } from './probe-services.ts';
import { readConsumerLag, readDlqTopics } from './kafka-offsets.ts';
import type { AlertsSource } from './alerts-source.ts';
import type { FeedsSource, TensionSource } from './sources.ts';

// One gathering round: every source is read in parallel and a source that fails is reported by
// name instead of failing the round, so the page always shows what can be known.

export interface Collector {
  collect(): Promise<Observation>;
}

export interface CollectorDeps {
  targets: ProbeTarget[];
  admin: Admin;
  topicPrefix: string;
  alerts: AlertsSource;
  feeds: FeedsSource;
  tension: TensionSource;
  alertLimit: number;
  /** How often the (more expensive) 24 h alert count and tension view are refreshed. */
  slowEveryMs?: number;
  timeoutMs?: number;
}

export function createCollector(deps: CollectorDeps): Collector {
  const slowEvery = deps.slowEveryMs ?? 10_000;
  const timeout = deps.timeoutMs ?? 1500;
  let slowAt = 0;
  let alerts24h: number | null = null;
  let tension: Observation['tension'] = null;
  let slowErrors: Record<string, string> = {};

  return {
    async collect() {
      const errors: Record<string, string> = {};
      const guard = <T>(name: string, p: () => Promise<T>): Promise<T | null> =>
        withTimeout(p(), timeout).catch((err: unknown) => {
          errors[name] = describe(err);
          return null;
        });
      const now = new Date();
      const slow = now.getTime() - slowAt >= slowEvery;
      if (slow) {
        slowAt = now.getTime();
        slowErrors = {};
        const [count, view] = await Promise.all([
          guard('alerts', () =>
            deps.alerts.countAlertsSince(new Date(now.getTime() - 86_400_000), 10_000),
          ),
          guard('tension', () => deps.tension.readTension()),
        ]);
        alerts24h = count ?? alerts24h;
        tension = view ?? tension;
        slowErrors = { ...errors };
      }
      const [probe, lag, dlqTopics, dlqQueues, feeds, alerts] = await Promise.all([
        probeServices(deps.targets, Math.min(timeout, 800)),
        guard('kafka', () => readConsumerLag(deps.admin, deps.topicPrefix)),
        guard('kafka', () => readDlqTopics(deps.admin, deps.topicPrefix)),
        guard('redis', () => deps.alerts.readDlqQueues()),
        guard('feeds', () => deps.feeds.listFeeds()),
        guard('alerts', () => deps.alerts.readAlerts(deps.alertLimit)),
      ]);
      // A broker that was down at start (or restarted) is reconnected for the next round.
      if (errors.kafka) void deps.admin.connect().catch(() => undefined);
      return {
        at: now,
        services: probe.services,
        counters: probe.counters,
        lag,
        dlq: dlqTopics || dlqQueues ? [...(dlqTopics ?? []), ...(dlqQueues ?? [])] : null,
        feeds,
        alerts,
        alerts24h,
        tension,
        errors: { ...slowErrors, ...errors },
      };
    },
  };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e: unknown) => (clearTimeout(t), reject(e as Error)),
    );
  });
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
