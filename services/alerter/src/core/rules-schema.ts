import { z } from 'zod';
import { Severity } from '@faultline/shared/schemas';
import { parseYamlBounded } from '@faultline/shared/yaml';

// The watch-rules file: a YAML mapping `{ rules: [...] }`, validated with zod. Every error names
// the rule (by id, or by position when the id itself is missing) and the key that is wrong.

const MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "90s", "15m", "6h", "7d" or a number of seconds -> milliseconds. */
export function parseDuration(value: string | number): number | null {
  if (typeof value === 'number') return value >= 0 ? value * 1000 : null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$/i.exec(value);
  if (!m) return null;
  return Number(m[1]) * MS[m[2]!.toLowerCase() as keyof typeof MS];
}

const Duration = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const ms = parseDuration(v);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: `expected a duration like 30s, 15m, 6h or 7d` });
    return z.NEVER;
  }
  return ms;
});

/**
 * One term of a rule (an entity, keyword, topic, feed...): bounded, and without invisible
 * characters, so a rule cannot hide a zero-width or bidi trick (and one term cannot be 1 MB).
 */
// eslint-disable-next-line no-control-regex -- refusing control characters in rule terms
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]/u;
const Term = z
  .string()
  .min(1)
  .max(200)
  .refine((s) => !INVISIBLE.test(s), 'contains invisible or control characters');
const List = z.array(Term).min(1).max(1000);
const asList = (v: unknown) => (typeof v === 'string' ? [v] : v);
/** A list, or a single value for convenience (errors name the bad element). */
const OneOrMany = z.preprocess(asList, List);

/**
 * Keywords are literal words, matched whole-word; text that reads as a regular expression
 * (groups, quantifiers, classes, escapes: `(a+)+$`) is refused at load rather than taken
 * literally, so nobody believes a pattern is in force, and no pattern ever reaches a RegExp.
 */
const PATTERN_SYNTAX = /\\|[()[\]{}|^$]|[*+?]{1}[*+?)]|\.[*+]/;
const Keyword = Term.refine(
  (s) => !PATTERN_SYNTAX.test(s),
  'keywords are literal words, not regular expressions',
);
const Keywords = z.preprocess(asList, z.array(Keyword).min(1).max(1000));

export const TrendWindow = z.enum(['1h', '24h', '7d']);
export type TrendWindow = z.infer<typeof TrendWindow>;

const AnyAllNone = z
  .object({ any: OneOrMany.optional(), all: OneOrMany.optional(), none: OneOrMany.optional() })
  .strict();

const ActorPair = z
  .object({
    a: OneOrMany,
    b: OneOrMany,
    /** dyad: the analyzer linked the two actors; cooccur: both merely appear in the item. */
    mode: z.enum(['dyad', 'cooccur']).default('dyad'),
  })
  .strict();

export const RuleMatchSpec = z
  .object({
    topics: z
      .object({
        any: OneOrMany.optional(),
        all: OneOrMany.optional(),
        /** CAMEO code prefixes, e.g. "13" (threaten) or "15" (exhibit force posture). */
        cameo: OneOrMany.optional(),
        minScore: z.number().min(0).max(1).default(0),
      })
      .strict()
      .optional(),
    /** Minimum overall tension score of the item. */
    minScore: z.number().min(0).max(1).optional(),
    entities: AnyAllNone.optional(),
    actors: z.array(ActorPair).min(1).optional(),
    keywords: z.object({ any: Keywords.optional(), none: Keywords.optional() }).strict().optional(),
    languages: OneOrMany.optional(),
    feeds: OneOrMany.optional(),
    tags: OneOrMany.optional(),
    /** Regions of the item's feed (its `region:<name>` tags, as the starter list and --region set). */
    regions: OneOrMany.optional(),
  })
  .strict();

/** A spike on a dyad's tension index (analyzer `tension.events`), relative to its baseline. */
export const TrendSpec = z
  .object({
    /** The two sides, in any order; each side one actor id or a list (RUS also matches GOV:RUS). */
    dyad: z.tuple([OneOrMany, OneOrMany]),
    /** Which index windows fire the rule (default: any). */
    window: z.union([TrendWindow.transform((w) => [w]), z.array(TrendWindow).min(1)]).optional(),
    /** Smallest z-score (standard deviations above the baseline) that fires. */
    minZ: z.number().positive().default(3),
    /** Smallest index value in the window (filters spikes on near-silent dyads). */
    minValue: z.number().min(0).default(0),
    /** Alerts are deduplicated per (rule, dyad, window, bucket); default: the window's length. */
    bucket: Duration.optional(),
  })
  .strict();
export type TrendSpec = z.output<typeof TrendSpec>;

export const RuleSpec = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'expected a lowercase slug, e.g. russia-nato'),
    name: z.string().min(1).optional(),
    enabled: z.boolean().default(true),
    severity: Severity.default('medium'),
    channels: List,
    cooldown: Duration.default(6 * 3_600_000),
    /** Item rules match analyzed items; trend rules (`trend`) match tension spike events. */
    match: RuleMatchSpec.optional(),
    trend: TrendSpec.optional(),
    corroboration: z
      .object({
        minSources: z.number().int().min(1),
        by: z.enum(['domain', 'feed']).default('domain'),
      })
      .strict()
      .optional(),
    escalation: z
      .object({
        scoreJump: z.number().min(0).max(1).default(0.15),
        newActor: z.boolean().default(true),
        newTopic: z.boolean().default(true),
        /** Follow-ups allowed within one cooldown window. */
        maxUpdates: z.number().int().min(0).default(1),
      })
      .strict()
      .default({ scoreJump: 0.15, newActor: true, newTopic: true, maxUpdates: 1 }),
    /** After `after` alerts within `window`, further alerts of the rule go out as one digest. */
    digest: z
      .object({ after: z.number().int().min(1), window: Duration })
      .strict()
      .optional(),
  })
  .strict();

export type Rule = z.output<typeof RuleSpec> & { name: string };
export type RuleMatchSpec = z.output<typeof RuleMatchSpec>;

export type ParseRulesResult = { ok: true; rules: Rule[] } | { ok: false; errors: string[] };

/** Validates already-parsed rules data; errors read `rule "x" match.topics.minScore: ...`. */
export function validateRules(data: unknown): ParseRulesResult {
  const top = z.object({ rules: z.array(z.unknown()) }).safeParse(data);
  if (!top.success) return { ok: false, errors: ['expected a mapping with a `rules:` list'] };
  const errors: string[] = [];
  const rules: Rule[] = [];
  const seen = new Set<string>();
  top.data.rules.forEach((raw, index) => {
    const id =
      raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string'
        ? `"${(raw as { id: string }).id}"`
        : `#${index + 1}`;
    const parsed = RuleSpec.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push(`rule ${id} ${issue.path.join('.') || '(rule)'}: ${issue.message}`);
      return;
    }
    if (parsed.data.trend && (parsed.data.corroboration || parsed.data.digest))
      errors.push(`rule ${id}: corroboration and digest apply to item rules, not trend rules`);
    if (seen.has(parsed.data.id)) errors.push(`rule ${id} id: duplicate rule id`);
    const m = parsed.data.match;
    const trend = parsed.data.trend;
    if (m && trend)
      errors.push(
        `rule ${id}: has both match and trend (one rule watches items or a trend, not both)`,
      );
    else if (!m && !trend) errors.push(`rule ${id}: needs a match (items) or a trend (spikes)`);
    else if (
      m &&
      !m.topics &&
      m.minScore === undefined &&
      !m.entities?.any &&
      !m.entities?.all &&
      !m.actors &&
      !m.keywords?.any
    )
      errors.push(
        `rule ${id} match: needs at least one of topics, minScore, entities.any/all, actors, keywords.any (it would fire on everything)`,
      );
    seen.add(parsed.data.id);
    rules.push({ ...parsed.data, name: parsed.data.name ?? parsed.data.id });
  });
  return errors.length ? { ok: false, errors } : { ok: true, rules };
}

/** Parses a rules YAML document. */
export function parseRulesYaml(text: string): ParseRulesResult {
  let data: unknown;
  try {
    data = parseYamlBounded(text);
  } catch (err) {
    return { ok: false, errors: [`not valid YAML: ${(err as Error).message}`] };
  }
  return validateRules(data);
}

/** Channel names the rules refer to that are not configured destinations. */
export function unknownChannels(rules: Rule[], destinations: Iterable<string>): string[] {
  const known = new Set(destinations);
  return rules.flatMap((r) =>
    r.channels.filter((c) => !known.has(c)).map((c) => `rule "${r.id}" channels: unknown "${c}"`),
  );
}
