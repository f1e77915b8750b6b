import { z } from 'zod';
import { envelope } from './envelope.ts';
import { ItemEntity, TopicHit, Dyad } from './analyzed-item.ts';
import { SourceRef } from './clean-item.ts';

export const Severity = z.enum(['info', 'low', 'medium', 'high', 'critical']);
export type Severity = z.infer<typeof Severity>;

/** Why an alert fired: carried in every Slack message and webhook body. */
export const Explanation = z.object({
  rule: z.string(),
  matched: z.array(z.string()),
  entities: z.array(ItemEntity),
  topics: z.array(TopicHit),
  dyads: z.array(Dyad),
  score: z.number(),
});

export const AlertV1 = z.object({
  alertKey: z.string().min(1),
  ruleId: z.string(),
  ruleName: z.string(),
  severity: Severity,
  storyId: z.string(),
  itemId: z.string(),
  feedId: z.string(),
  /** A follow-up to an earlier alert on the same story (material escalation). */
  isUpdate: z.boolean(),
  title: z.string(),
  url: z.string().optional(),
  publishedAt: z.iso.datetime({ offset: true }),
  score: z.number().min(0).max(1),
  explanation: Explanation,
  sources: z.array(SourceRef),
  channels: z.array(z.string()),
  fetchedAt: z.iso.datetime({ offset: true }).optional(),
  createdAt: z.iso.datetime({ offset: true }),
  /** The item's language when it was not English (ISO 639-1): the evidence is in it. */
  language: z.string().optional(),
  /** A one-line English gist of a non-English item: "RUS -> UKR: missile strike (CAMEO 19, fight)". */
  gist: z.string().optional(),
  /** Trend alerts only: the tension spike (dyad index vs its baseline) that fired the rule. */
  trend: z
    .object({
      dyad: z.object({ source: z.string(), target: z.string() }),
      window: z.enum(['1h', '24h', '7d']),
      value: z.number(),
      baseline: z.number(),
      zScore: z.number(),
      at: z.iso.datetime({ offset: true }),
      storyIds: z.array(z.string()),
    })
    .optional(),
});
export type Alert = z.infer<typeof AlertV1>;

export const AlertMessage = envelope(1, AlertV1);
export type AlertMessage = z.infer<typeof AlertMessage>;
