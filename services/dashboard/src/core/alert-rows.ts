import type { AlertRow, DeliveryStatus } from './model.ts';

// Joins the alerter's history (alerts and delivery events, newest first) into one row per alert
// with the latest delivery status per channel.

export interface HistoryLike {
  type: 'alert' | 'suppressed' | 'delivery';
  at: string;
  alertKey: string;
  ruleId?: string | undefined;
  title?: string | undefined;
  severity?: string | undefined;
  isUpdate?: boolean | undefined;
  destination?: string | undefined;
  attempt?: number | undefined;
  outcome?: string | undefined;
  error?: string | undefined;
  /** Optional on alert entries: used when the delivery job (with the full alert) is gone. */
  topics?: string[] | undefined;
  actors?: string[] | undefined;
  evidence?: string | undefined;
}

export interface AlertDetail {
  topics: string[];
  actors: string[];
  evidence: string | null;
  channels: string[];
  language?: string;
  gist?: string;
}

export function buildAlertRows(
  entries: readonly HistoryLike[],
  details: ReadonlyMap<string, AlertDetail>,
  limit: number,
): AlertRow[] {
  const latest = new Map<string, Map<string, DeliveryStatus>>();
  for (const e of entries) {
    if (e.type !== 'delivery' || !e.destination) continue;
    const byDest = latest.get(e.alertKey) ?? latest.set(e.alertKey, new Map()).get(e.alertKey)!;
    if (byDest.has(e.destination)) continue; // newest first: the first seen is the latest
    byDest.set(e.destination, {
      destination: e.destination,
      outcome: e.outcome ?? 'unknown',
      attempt: e.attempt ?? null,
      at: e.at,
      error: e.error ?? null,
    });
  }
  const rows: AlertRow[] = [];
  for (const e of entries) {
    if (e.type !== 'alert') continue;
    const detail = details.get(e.alertKey);
    const deliveries = [...(latest.get(e.alertKey)?.values() ?? [])];
    for (const ch of detail?.channels ?? [])
      if (!deliveries.some((d) => d.destination === ch))
        deliveries.push({
          destination: ch,
          outcome: 'queued',
          attempt: null,
          at: e.at,
          error: null,
        });
    rows.push({
      alertKey: e.alertKey,
      at: e.at,
      ruleId: e.ruleId ?? '',
      title: e.title ?? '',
      severity: e.severity ?? 'info',
      isUpdate: e.isUpdate ?? false,
      topics: detail?.topics ?? e.topics ?? [],
      actors: detail?.actors ?? e.actors ?? [],
      evidence: detail?.evidence ?? e.evidence ?? null,
      ...(detail?.language ? { language: detail.language } : {}),
      ...(detail?.gist ? { gist: detail.gist } : {}),
      deliveries: deliveries.sort((a, b) => a.destination.localeCompare(b.destination)),
    });
    if (rows.length >= limit) break;
  }
  return rows;
}
