import { alertKeyFor } from '@faultline/shared/ids';
import type { Alert, ItemEntity, TensionEvent } from '@faultline/shared/schemas';
import type { Rule } from './rules-schema.ts';
import { actorName } from './actor-names.ts';

// Trend rules: a rule with `trend: { dyad, window, minZ }` fires on the analyzer's spike events
// (`tension.events`). Pure: matching, the once-per-(rule, dyad, window, bucket) decision with a
// cooldown, and the Alert that goes through the same channels as item alerts.

export const TREND_WINDOW_MS = { '1h': 3_600_000, '24h': 86_400_000, '7d': 604_800_000 } as const;

export interface TrendMatch {
  rule: Rule;
  event: TensionEvent;
  /** The event's dyad in the rule's order: `a` is the rule's first side. */
  a: string;
  b: string;
  /** Order-free dyad key, as the analyzer's index uses: "ORG:NATO|RUS". */
  dyadKey: string;
  matched: string[];
}

/** A government stands for its country: GOV:RUS === RUS. */
const bare = (id: string): string => id.toUpperCase().replace(/^GOV:/, '');
export const sameTrendActor = (spec: string, id: string): boolean => bare(spec) === bare(id);

export function trendDyadKey(x: string, y: string): string {
  const [p, q] = [bare(x), bare(y)];
  return p < q ? `${p}|${q}` : `${q}|${p}`;
}

/** Null when the event does not satisfy the rule's trend spec (or the rule is an item rule). */
export function matchTrendRule(event: TensionEvent, rule: Rule): TrendMatch | null {
  const t = rule.trend;
  if (!t || !rule.enabled) return null;
  if (t.window && !t.window.includes(event.window)) return null;
  if (event.zScore < t.minZ || event.value < t.minValue) return null;
  const [sideA, sideB] = t.dyad;
  const inA = (id: string) => sideA.some((s) => sameTrendActor(s, id));
  const inB = (id: string) => sideB.some((s) => sameTrendActor(s, id));
  const { source, target } = event.dyad;
  let a: string;
  let b: string;
  if (inA(source) && inB(target)) [a, b] = [source, target];
  else if (inB(source) && inA(target)) [a, b] = [target, source];
  else return null;
  return {
    rule,
    event,
    a,
    b,
    dyadKey: trendDyadKey(a, b),
    matched: [
      `dyad ${a}–${b}`,
      `window ${event.window}: index ${event.value} vs baseline ${event.baseline}`,
      `z-score ${event.zScore.toFixed(2)} >= ${t.minZ}`,
    ],
  };
}

/** Every enabled trend rule the event satisfies, in rule-file order. */
export function matchTrendRules(event: TensionEvent, rules: Rule[]): TrendMatch[] {
  return rules.flatMap((r) => matchTrendRule(event, r) ?? []);
}

/** What was last alerted per (rule, dyad, window); stored by the io layer with a TTL. */
export interface TrendState {
  lastAlertAt: string;
  bucket: number;
  zScore: number;
}

export type TrendDecision =
  | { kind: 'suppress'; reason: string }
  | { kind: 'alert'; alertKey: string; bucket: number; reason: string; next: TrendState };

export const trendStateId = (m: TrendMatch): string => `${m.dyadKey}:${m.event.window}`;

/**
 * Once per (rule, dyad, window, time bucket), and not again within the rule's cooldown. Uses the
 * event's own time (not the clock), so a replayed event computes the same alert key and its
 * re-enqueue is a no-op.
 */
export function decideTrendAlert(state: TrendState | null, match: TrendMatch): TrendDecision {
  const { rule, event } = match;
  const at = Date.parse(event.at);
  const bucketMs = rule.trend?.bucket ?? TREND_WINDOW_MS[event.window];
  const bucket = Math.floor(at / bucketMs);
  if (state) {
    if (state.bucket === bucket)
      return { kind: 'suppress', reason: 'already alerted in this time bucket' };
    if (at - Date.parse(state.lastAlertAt) < rule.cooldown)
      return { kind: 'suppress', reason: 'already alerted within cooldown' };
  }
  return {
    kind: 'alert',
    alertKey: alertKeyFor(rule.id, `trend:${trendStateId(match)}`, bucket),
    bucket,
    reason: state ? 'cooldown elapsed' : 'first spike',
    next: { lastAlertAt: event.at, bucket, zScore: event.zScore },
  };
}

const BASELINE: Record<TensionEvent['window'], string> = {
  '1h': 'its 7-day baseline',
  '24h': 'its baseline (24-hour index)',
  '7d': 'its baseline (7-day index)',
};

/** "Russia–NATO tension 3.2σ above its 7-day baseline". */
export function trendTitle(m: TrendMatch): string {
  const z = m.event.zScore.toFixed(1);
  return `${actorName(m.a)}–${actorName(m.b)} tension ${z}σ above ${BASELINE[m.event.window]}`;
}

/** The dyad's two actors as entities (for the explanation and entity mutes). */
export function trendEntities(m: Pick<TrendMatch, 'a' | 'b'>): ItemEntity[] {
  return [m.a, m.b].map((id) => ({
    id,
    name: actorName(id),
    type: /^ORG:/i.test(id) ? 'ORG' : 'LOC',
    count: 1,
    salience: 1,
  }));
}

/**
 * The Alert for a trend match. `score` (0..1, the item-alert scale) is the z-score / 10, capped;
 * the real figures travel in `trend`. Story and item ids are synthetic: `trend:<dyad>:<window>`.
 */
export function buildTrendAlert(
  match: TrendMatch,
  decision: { alertKey: string; bucket: number; reason: string },
  now: Date,
): Alert {
  const { rule, event } = match;
  const score = Math.min(1, Math.max(0, event.zScore / 10));
  const storyId = `trend:${trendStateId(match)}`;
  return {
    alertKey: decision.alertKey,
    ruleId: rule.id,
    ruleName: rule.name,
    severity: rule.severity,
    storyId,
    itemId: `${storyId}:${decision.bucket}`,
    feedId: 'tension.events',
    isUpdate: false,
    title: trendTitle(match),
    publishedAt: event.at,
    score,
    explanation: {
      rule: rule.id,
      matched: [...match.matched, decision.reason],
      entities: trendEntities(match),
      topics: [],
      dyads: [{ source: event.dyad.source, target: event.dyad.target, score, topics: [] }],
      score,
    },
    sources: [],
    channels: rule.channels,
    createdAt: now.toISOString(),
    trend: {
      dyad: event.dyad,
      window: event.window,
      value: event.value,
      baseline: event.baseline,
      zScore: event.zScore,
      at: event.at,
      storyIds: event.storyIds,
    },
  };
}
