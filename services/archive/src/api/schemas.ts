import { z } from 'zod';

// The shapes /api/v1 answers with. The OpenAPI document's schemas are generated from these
// (z.toJSONSchema), and the API test parses real responses with them, so the document cannot
// drift from what the server sends.

const time = z.string().describe('ISO 8601 time');
const strings = z.array(z.string());

export const SearchHit = z.object({
  itemId: z.string(),
  ts: time,
  title: z.string(),
  url: z.string().nullable(),
  feedId: z.string(),
  storyId: z.string(),
  language: z.string(),
  tensionScore: z.number(),
  topics: strings,
  entityIds: strings,
  rank: z.number(),
  snippet: z.string().describe('body fragments, matches in <mark></mark>'),
});

export const ItemSummary = z.object({
  itemId: z.string(),
  ts: time,
  revision: z.number().int(),
  feedId: z.string(),
  storyId: z.string(),
  url: z.string().nullable(),
  domain: z.string().nullable(),
  title: z.string(),
  lead: z.string().nullable(),
  author: z.string().nullable(),
  publishedAt: time,
  language: z.string(),
  tensionScore: z.number(),
  tensionLevel: z.string(),
  topics: strings,
  cameo: strings,
  entityIds: strings,
  dyads: strings,
  tags: strings,
});

const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const SearchPage = page(SearchHit);
export const ItemsPage = page(ItemSummary);

export const Story = z.object({
  storyId: z.string(),
  title: z.string(),
  firstSeen: time,
  lastSeen: time,
  sources: z.array(
    z.object({
      itemId: z.string(),
      feedId: z.string(),
      domain: z.string().nullable(),
      url: z.string().nullable(),
      seenAt: time,
      title: z.string().nullable(),
      publishedAt: time.nullable(),
    }),
  ),
  items: z.array(ItemSummary.extend({ evidence: z.array(z.unknown()) })),
  entities: z.array(
    z.object({
      entityId: z.string(),
      name: z.string(),
      type: z.string(),
      count: z.number().int(),
      salience: z.number(),
    }),
  ),
  alerts: z.array(
    z.object({
      alertKey: z.string(),
      ruleId: z.string(),
      severity: z.string(),
      createdAt: time,
      isUpdate: z.boolean(),
    }),
  ),
});

export const Delivery = z.object({
  destination: z.string(),
  outcome: z.string(),
  attempt: z.number().int().nullable(),
  status: z.number().int().nullable(),
  ms: z.number().int().nullable(),
  error: z.string().nullable(),
  at: time,
});

export const AlertRow = z.object({
  alertKey: z.string(),
  ts: time,
  ruleId: z.string(),
  ruleName: z.string(),
  severity: z.string(),
  storyId: z.string(),
  itemId: z.string(),
  feedId: z.string(),
  isUpdate: z.boolean(),
  title: z.string(),
  url: z.string().nullable(),
  score: z.number(),
  channels: strings,
  reason: z.string().nullable(),
  createdAt: time,
  explanation: z.record(z.string(), z.unknown()),
  deliveries: z.array(Delivery),
});
export const AlertsPage = page(AlertRow);

export const Entity = z.object({
  entityId: z.string(),
  name: z.string(),
  type: z.string(),
  country: z.string().nullable(),
  firstSeen: time,
  lastSeen: time,
  since: time,
  until: time,
  mentions: z.array(z.object({ day: time, mentions: z.number().int() })),
  coOccurring: z.array(z.object({ entityId: z.string(), items: z.number().int() })),
});

export const DyadSeries = z.object({
  dyad: z.object({ source: z.string(), target: z.string(), both: z.boolean() }),
  bucket: z.enum(['hour', 'day', 'week']),
  since: time,
  until: time,
  points: z.array(
    z.object({ t: time, items: z.number().int(), mean: z.number(), max: z.number() }),
  ),
});

export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
});
