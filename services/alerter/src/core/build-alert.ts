import type { Alert, AnalyzedItem } from '@faultline/shared/schemas';
import type { RuleMatch } from './match-rules.ts';

// The Alert as it travels on the delivery queues: the item's headline, the rule's severity and
// channels, and an explanation of why it fired (rule, entities, topics, dyads, score, evidence).

export interface AlertDecision {
  alertKey: string;
  isUpdate: boolean;
  /** Why this alert and not silence: "first match on story", "escalation: new actor USA". */
  reason: string;
}

export function buildAlert(
  item: AnalyzedItem,
  match: RuleMatch,
  decision: AlertDecision,
  now: Date,
): Alert {
  const matched = [...match.matched];
  if (decision.isUpdate) matched.push(`update: ${decision.reason}`);
  return {
    alertKey: decision.alertKey,
    ruleId: match.rule.id,
    ruleName: match.rule.name,
    severity: match.rule.severity,
    storyId: item.storyId,
    itemId: item.itemId,
    feedId: item.feedId,
    isUpdate: decision.isUpdate,
    title: item.title,
    ...(item.url ? { url: item.url } : {}),
    publishedAt: item.publishedAt,
    score: match.score,
    explanation: {
      rule: match.rule.id,
      matched,
      entities: match.entities,
      topics: match.topics,
      dyads: match.dyads,
      score: match.score,
    },
    sources: match.sources,
    channels: match.rule.channels,
    fetchedAt: item.fetchedAt,
    createdAt: now.toISOString(),
    ...(item.analysis ? { language: item.analysis.language } : {}),
    ...(item.gist ? { gist: item.gist } : {}),
  };
}

/** The evidence sentences carried by an alert's topics, deduplicated, in order. */
export function evidenceOf(alert: Alert, limit = 3): string[] {
  return [...new Set(alert.explanation.topics.flatMap((t) => t.evidence.map((e) => e.text)))].slice(
    0,
    limit,
  );
}
