import { z } from 'zod';
import { envelope } from './envelope.ts';
import { CleanItemV1 } from './clean-item.ts';

export const EntityType = z.enum(['PER', 'ORG', 'LOC', 'MISC']);
export type EntityType = z.infer<typeof EntityType>;

const Span = z.object({
  /** Which field the offsets index: the title or the body text. */
  field: z.enum(['title', 'text']),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  text: z.string(),
});
export type Span = z.infer<typeof Span>;

export const Mention = Span.extend({
  type: EntityType,
  entityId: z.string().nullable(),
  confidence: z.number().min(0).max(1),
});
export type Mention = z.infer<typeof Mention>;

export const ItemEntity = z.object({
  /** Canonical id, or null for an unlinked name (then `name` is its surface form). */
  id: z.string().nullable(),
  name: z.string(),
  type: EntityType,
  country: z.string().optional(),
  /** Role code valid on the article's date, e.g. RUSGOV. */
  role: z.string().optional(),
  count: z.number().int().positive(),
  salience: z.number().min(0).max(1),
});
export type ItemEntity = z.infer<typeof ItemEntity>;

export const TopicHit = z.object({
  topic: z.string(),
  cameo: z.string(),
  goldstein: z.number(),
  score: z.number().min(0).max(1),
  evidence: z.array(Span),
});
export type TopicHit = z.infer<typeof TopicHit>;

export const Dyad = z.object({
  source: z.string(),
  target: z.string(),
  score: z.number().min(0).max(1),
  topics: z.array(z.string()),
});
export type Dyad = z.infer<typeof Dyad>;

export const Tension = z.object({
  score: z.number().min(0).max(1),
  level: z.enum(['none', 'low', 'medium', 'high']),
  topics: z.array(TopicHit),
  dyads: z.array(Dyad),
});
export type Tension = z.infer<typeof Tension>;

export const AnalyzedItemV1 = CleanItemV1.extend({
  mentions: z.array(Mention),
  entities: z.array(ItemEntity),
  tension: Tension,
  analyzedAt: z.iso.datetime({ offset: true }),
  /**
   * How the item was read: by the English models, natively with its language's table, or not
   * at all (a language Faultline has no table for: kept, flagged, no entities or tension).
   */
  analysis: z
    .object({
      language: z.string(),
      mode: z.enum(['english', 'native', 'not-analysed']),
      reason: z.string().optional(),
    })
    .optional(),
  /** A one-line English summary of the structured result: "RUS -> UKR: missile strike (CAMEO 19, fight)". */
  gist: z.string().optional(),
});
export type AnalyzedItem = z.infer<typeof AnalyzedItemV1>;

export const AnalyzedItemMessage = envelope(1, AnalyzedItemV1);
export type AnalyzedItemMessage = z.infer<typeof AnalyzedItemMessage>;

/** A dyad's tension index jumped above its own baseline. */
export const TensionEventV1 = z.object({
  dyad: z.object({ source: z.string(), target: z.string() }),
  window: z.enum(['1h', '24h', '7d']),
  value: z.number(),
  baseline: z.number(),
  zScore: z.number(),
  at: z.iso.datetime({ offset: true }),
  storyIds: z.array(z.string()).default([]),
});
export type TensionEvent = z.infer<typeof TensionEventV1>;
export const TensionEventMessage = envelope(1, TensionEventV1);
