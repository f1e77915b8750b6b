import { z } from 'zod';

// The query parameters of /api/v1 and the CLI, validated before any SQL is built: a value that
// does not parse is a 400 naming the parameter. Values only ever reach SQL as bind parameters.

const ENTITY = /^[A-Za-z0-9:_.-]{1,80}$/;
const id = z.string().regex(ENTITY, 'letters, digits and : _ . - only (at most 80)');

/** `2026-01-02`, an ISO time, or a span back from now: `30d`, `12h`, `90m`, `2w`. */
export function parseTime(value: string, now: Date = new Date()): Date | null {
  const span = /^(\d{1,5})([mhdw])$/.exec(value);
  if (span) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[
      span[2] as 'm' | 'h' | 'd' | 'w'
    ];
    return new Date(now.getTime() - Number(span[1]) * unit);
  }
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t);
}

const time = z.string().transform((v, ctx) => {
  const t = parseTime(v);
  if (!t) {
    ctx.addIssue({ code: 'custom', message: 'expected a date, an ISO time or a span like 30d' });
    return z.NEVER;
  }
  return t;
});

const dyad = z.string().transform((v, ctx) => {
  const parts = v.split(/[-|,~]/);
  if (parts.length !== 2 || !parts.every((p) => ENTITY.test(p))) {
    ctx.addIssue({ code: 'custom', message: 'expected two actor ids, like RUS-UKR' });
    return z.NEVER;
  }
  return { a: parts[0]!, b: parts[1]! };
});

export const Filters = z.object({
  since: time.optional(),
  until: time.optional(),
  entity: id.optional(),
  dyad: dyad.optional(),
  topic: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,60}$/, 'a topic name or CAMEO code')
    .optional(),
  feed: id.optional(),
  lang: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'a language code like en')
    .optional(),
  minScore: z.coerce.number().min(0).max(1).optional(),
  story: id.optional(),
});
export type Filters = z.infer<typeof Filters>;

export const Page = z.object({
  limit: z.coerce.number().int().min(1).optional(),
  cursor: z.string().max(2000).optional(),
});

export const SearchParams = Filters.extend(Page.shape).extend({
  q: z.string().trim().min(1, 'the query is empty').max(500, 'at most 500 characters'),
});
export type SearchParams = z.infer<typeof SearchParams>;

export const ItemsParams = Filters.extend(Page.shape);
export type ItemsParams = z.infer<typeof ItemsParams>;

export const SeriesParams = z.object({
  since: time.optional(),
  until: time.optional(),
  bucket: z.enum(['hour', 'day', 'week']).default('day'),
  /** Both directions (a->b and b->a) together. */
  both: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export const AlertsParams = Page.extend({
  since: time.optional(),
  until: time.optional(),
  rule: id.optional(),
  story: id.optional(),
  severity: z.enum(['info', 'low', 'medium', 'high', 'critical']).optional(),
});

export const ExportParams = Filters.extend({
  q: z.string().trim().min(1).max(500).optional(),
  format: z.enum(['ndjson', 'csv']).default('ndjson'),
  limit: z.coerce.number().int().min(1).max(10_000_000).optional(),
});

export const ActorId = id;

/** "q: the query is empty; since: expected a date ..." */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || 'query'}: ${i.message}`)
    .join('; ');
}

/** Takes the first value of each query parameter; unknown parameters are refused. */
export function queryObject(search: URLSearchParams, allowed: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of search) {
    if (!allowed.includes(k)) throw new UnknownParameter(k);
    if (!(k in out)) out[k] = v;
  }
  return out;
}

export class UnknownParameter extends Error {
  constructor(readonly parameter: string) {
    super(`unknown query parameter "${parameter}"`);
  }
}
