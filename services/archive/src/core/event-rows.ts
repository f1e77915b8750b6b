import type { Alert, TensionEvent, DeliveryOutcomeEvent } from '@faultline/shared/schemas';
import { hashId } from '@faultline/shared/ids';
import { archiveTime, opt, s } from './item-rows.ts';
import { sanitizeText } from './text-search.ts';

// What the archive stores of the alerts topic (alerts, delivery outcomes) and of
// tension.events, as plain rows. Pure.

export interface AlertRow {
  alertKey: string;
  ts: string;
  ruleId: string;
  ruleName: string;
  severity: string;
  storyId: string;
  itemId: string;
  feedId: string;
  isUpdate: boolean;
  title: string;
  url: string | null;
  score: number;
  channels: string[];
  reason: string | null;
  createdAt: string;
  explanation: unknown;
  trend: unknown;
}

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

export interface DeliveryRow {
  eventId: string;
  at: string;
  alertKey: string;
  destination: string;
  outcome: string;
  attempt: number | null;
  status: number | null;
  ms: number | null;
  error: string | null;
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

export interface TensionEventRow {
  source: string;
  target: string;
  window: string;
  at: string;
  value: number;
  baseline: number;
  zScore: number;
  storyIds: string[];
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
