import { z } from 'zod';
import { envelope } from './envelope.ts';
import { AlertV1 } from './alert.ts';

// The `alerts` topic: what the alerter decided and what became of each delivery, for the
// archive. Published best-effort (the alert path never waits on it); the envelope id is unique
// per event, so a consumer stores each event once however often it is delivered.

export const AlertRaisedV1 = z.object({
  kind: z.literal('alert'),
  alert: AlertV1,
  /** Why the alerter decided to alert (first alert, escalation, ...). */
  reason: z.string().optional(),
});

export const DeliveryOutcomeV1 = z.object({
  kind: z.literal('delivery'),
  alertKey: z.string().min(1),
  /** Destination name, never its URL. */
  destination: z.string(),
  outcome: z.enum(['delivered', 'throttled', 'retry', 'permanent', 'folded', 'digest']),
  attempt: z.number().int().nonnegative().optional(),
  status: z.number().int().optional(),
  ms: z.number().nonnegative().optional(),
  error: z.string().optional(),
  at: z.iso.datetime({ offset: true }),
});

export const AlertEventV1 = z.discriminatedUnion('kind', [AlertRaisedV1, DeliveryOutcomeV1]);
export type AlertEvent = z.infer<typeof AlertEventV1>;
export type DeliveryOutcomeEvent = z.infer<typeof DeliveryOutcomeV1>;

export const AlertEventMessage = envelope(1, AlertEventV1);
export type AlertEventMessage = z.infer<typeof AlertEventMessage>;
