import {
  startReceiver,
  type Receiver,
  type Reply,
  type Received,
} from '@faultline/alerter/testing';

// The local webhook receiver of the load and soak benchmarks: verifies every signature, and
// records per alert the latency from the item's first sighting (alert.fetchedAt, set by the
// poller or the injector) to delivery, and how often each alert key arrived.

export interface AlertSink {
  url: string;
  receiver: Receiver;
  /** First-seen -> delivered per first arrival, with the item's first sighting (epoch ms). */
  latencies: Array<{ seenAt: number; ms: number }>;
  /** Deliveries per alert key (more than one = a duplicate). */
  perAlert: Map<string, number>;
  /** Item ids that produced a delivered alert. */
  items: Set<string>;
  /**
   * Repeated arrivals of an alert (first 20): the gap since its first arrival, and whether the
   * webhook-id was the same (one delivery job sent twice: an HTTP retry or a stalled job run
   * again) or not (a second job for the alert).
   */
  repeats: Array<{ alertKey: string; firstAt: number; gapMs: number; sameWebhookId: boolean }>;
  firstAt: number;
  lastAt: number;
  delivered(): number;
  duplicates(): number;
  close(): Promise<void>;
}

interface WebhookBody {
  data?: { alertKey?: string; itemId?: string; fetchedAt?: string };
}

export async function startAlertSink(
  secret: string,
  reply?: (req: Received, attempt: number) => Reply,
): Promise<AlertSink> {
  const sink = {
    latencies: [] as AlertSink['latencies'],
    perAlert: new Map<string, number>(),
    items: new Set<string>(),
    repeats: [] as AlertSink['repeats'],
    firstSeen: new Map<string, { at: number; id: string | null }>(),
    firstAt: 0,
    lastAt: 0,
  };
  const receiver = await startReceiver({
    secret,
    keepLog: false,
    ...(reply ? { reply } : {}),
    onAccepted: (req) => {
      const data = (req.json as WebhookBody | null)?.data;
      if (!data?.alertKey) return;
      sink.perAlert.set(data.alertKey, (sink.perAlert.get(data.alertKey) ?? 0) + 1);
      const first = sink.firstSeen.get(data.alertKey);
      if (!first) {
        sink.firstSeen.set(data.alertKey, { at: req.at, id: req.id });
        const seenAt = data.fetchedAt ? Date.parse(data.fetchedAt) : NaN;
        if (!Number.isNaN(seenAt)) sink.latencies.push({ seenAt, ms: req.at - seenAt });
      } else if (sink.repeats.length < 20)
        sink.repeats.push({
          alertKey: data.alertKey,
          firstAt: first.at,
          gapMs: req.at - first.at,
          sameWebhookId: req.id === first.id,
        });
      if (data.itemId) sink.items.add(data.itemId);
      if (!sink.firstAt) sink.firstAt = req.at;
      sink.lastAt = req.at;
    },
  });
  return Object.assign(sink, {
    url: receiver.url,
    receiver,
    delivered: () => sink.perAlert.size,
    duplicates: () => [...sink.perAlert.values()].reduce((n, c) => n + c - 1, 0),
    close: () => receiver.close(),
  });
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
