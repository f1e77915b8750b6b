import type { Alert } from '@faultline/shared/schemas';
import { WEBHOOK_SCHEMA_VERSION } from './webhook-signing.ts';

// The generic webhook's JSON body: a versioned event wrapping the Alert (explanation included).

export interface WebhookEvent {
  schemaVersion: number;
  type: 'alert.created' | 'alert.updated';
  /** Same as the webhook-id header: stable across retries, so receivers can deduplicate. */
  id: string;
  timestamp: string;
  data: Alert;
}

export function buildWebhookEvent(id: string, alert: Alert, now: Date): WebhookEvent {
  return {
    schemaVersion: WEBHOOK_SCHEMA_VERSION,
    type: alert.isUpdate ? 'alert.updated' : 'alert.created',
    id,
    timestamp: now.toISOString(),
    data: alert,
  };
}
