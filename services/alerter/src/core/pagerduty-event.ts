import type { Alert, Severity } from '@faultline/shared/schemas';

// PagerDuty Events API v2 bodies: a trigger per alert and a resolve once the story has gone
// quiet. dedup_key is the story, so every alert (and every rule) on one story lands on one
// incident; an update re-triggers it, which PagerDuty folds into the same incident.

export interface PagerDutyEvent {
  routing_key: string;
  event_action: 'trigger' | 'acknowledge' | 'resolve';
  dedup_key: string;
  payload?: {
    summary: string;
    source: string;
    severity: 'critical' | 'error' | 'warning' | 'info';
    timestamp?: string;
    component?: string;
    group?: string;
    class?: string;
    custom_details?: Record<string, unknown>;
  };
  client?: string;
  links?: Array<{ href: string; text?: string }>;
}

const PD_SEVERITY: Record<Severity, 'critical' | 'error' | 'warning' | 'info'> = {
  critical: 'critical',
  high: 'error',
  medium: 'warning',
  low: 'info',
  info: 'info',
};

/** PagerDuty limits: summary 1024 characters, dedup_key 255. */
export const PD_SUMMARY_MAX = 1024;
export const PD_DEDUP_MAX = 255;

/** One incident per story (trend alerts: per rule and dyad). */
export function pagerDutyDedupKey(alert: Pick<Alert, 'storyId'>): string {
  return `faultline:${alert.storyId}`.slice(0, PD_DEDUP_MAX);
}

export function buildPagerDutyTrigger(alert: Alert, routingKey: string): PagerDutyEvent {
  const summary = `${alert.isUpdate ? 'UPDATE: ' : ''}${alert.ruleName}: ${alert.title.replace(/\s+/g, ' ').trim()}`;
  const url = alert.url && /^https?:\/\//.test(alert.url) ? alert.url : undefined;
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: pagerDutyDedupKey(alert),
    payload: {
      summary:
        summary.length <= PD_SUMMARY_MAX ? summary : `${summary.slice(0, PD_SUMMARY_MAX - 1)}…`,
      source: alert.sources[0]?.domain ?? alert.feedId,
      severity: PD_SEVERITY[alert.severity],
      timestamp: alert.createdAt,
      component: alert.feedId,
      group: alert.ruleId,
      class: alert.trend ? 'tension-spike' : (alert.explanation.topics[0]?.topic ?? 'news'),
      custom_details: {
        rule: alert.ruleId,
        story: alert.storyId,
        alert_key: alert.alertKey,
        score: alert.score,
        why: alert.explanation.matched,
        actors: alert.explanation.dyads.map((d) => `${d.source}->${d.target}`),
        topics: alert.explanation.topics.map((t) => t.topic),
        published_at: alert.publishedAt,
        ...(alert.gist ? { gist: alert.gist } : {}),
        ...(alert.trend ? { trend: alert.trend } : {}),
      },
    },
    client: 'Faultline',
    ...(url ? { links: [{ href: url, text: 'Source article' }] } : {}),
  };
}

export function buildPagerDutyResolve(storyId: string, routingKey: string): PagerDutyEvent {
  return {
    routing_key: routingKey,
    event_action: 'resolve',
    dedup_key: pagerDutyDedupKey({ storyId }),
  };
}
