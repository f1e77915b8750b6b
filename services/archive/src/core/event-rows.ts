import type { Alert, TensionEvent, DeliveryOutcomeEvent } from '@faultline/shared/schemas';
import { hashId } from '@faultline/shared/ids';
import type {
  AlertRow,
  DeliveryRow,
  TensionEventRow,
} from '@faultline/shared/state/archive-record';
import { archiveTime, opt, s } from './item-rows.ts';
import { sanitizeText } from './text-search.ts';

// What the archive stores of the alerts topic (alerts, delivery outcomes) and of
// tension.events, as plain rows (their types are the shared archive-record.ts). Pure.

export function toAlertRow(alert: Alert, reason?: string): AlertRow {
  return {
    alertKey: alert.alertKey,
    ts: archiveTime(alert.publishedAt, alert.fetchedAt ?? alert.createdAt),
    ruleId: alert.ruleId,
    ruleName: alert.ruleName,
    severity: alert.severity,
    storyId: alert.storyId,
    itemId: alert.itemId,
    feedId: alert.feedId,
    isUpdate: alert.isUpdate,
    title: s(alert.title),
    url: opt(alert.url),
    score: alert.score,
    channels: alert.channels,
    reason: reason ?? null,
    createdAt: alert.createdAt,
    explanation: alert.explanation,
    trend: alert.trend ?? null,
  };
}

/** A delivery outcome's identity: what it says (the same event redelivered is the same row). */
export function deliveryEventId(d: DeliveryOutcomeEvent): string {
  return `d_${hashId(d.alertKey, d.destination, d.outcome, String(d.attempt ?? ''), d.at)}`;
}

export function toDeliveryRow(d: DeliveryOutcomeEvent): DeliveryRow {
  return {
    eventId: deliveryEventId(d),
    at: d.at,
    alertKey: d.alertKey,
    destination: d.destination,
    outcome: d.outcome,
    attempt: d.attempt ?? null,
    status: d.status ?? null,
    ms: d.ms === undefined ? null : Math.round(d.ms),
    error: d.error === undefined ? null : sanitizeText(d.error, 2000),
  };
}

export function toTensionEventRow(e: TensionEvent): TensionEventRow {
  return {
    source: e.dyad.source,
    target: e.dyad.target,
    window: e.window,
    at: e.at,
    value: e.value,
    baseline: e.baseline,
    zScore: e.zScore,
    storyIds: e.storyIds,
  };
}
