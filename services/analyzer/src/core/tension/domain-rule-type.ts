// The shape of a phrase rule for a domain topic (a leaf, shared by domain-rules.ts and
// escalation-rules.ts).

export interface DomainRule {
  topic: string;
  pattern: RegExp;
  prior: number;
  unless?: RegExp;
  /**
   * Word prefixes one of which every match contains (a necessary condition): the rule's regex
   * runs only on sentences holding such a word.
   */
  triggers: string[];
}
