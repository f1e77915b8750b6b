// Phrase rules for the domain topics. Each rule fires on a lower-cased sentence; `unless`
// vetoes it (lifting sanctions is cooperation, a football "attack" is not a cyber attack). The
// prior is how sure the phrase alone is; the classifier's conflict probability scales it.

export type { DomainRule } from './domain-rule-type.ts';

import { ESCALATION_RULES } from './escalation-rules.ts';
import { THREAT_RULES } from './threat-rules.ts';
import { ATTACK_RULES } from './attack-rules.ts';
import type { DomainRule } from './domain-rule-type.ts';

const MIL = String.raw`(?:troops|forces|soldiers|tanks|armou?red|military|army|battalions?|brigades?|divisions|warships|artillery|servicemen)`;

export const DOMAIN_RULES: readonly DomainRule[] = [
  {
    topic: 'military-buildup',
    triggers: ['build', 'border', 'frontier'],
    pattern: new RegExp(
      String.raw`\bmilitary build-?up\b|\bbuild-?up of (?:troops|forces)|\b(?:mass(?:ed|ing)?|amass(?:ed|ing)?|concentrat\w+|deploy\w*|station\w*|gather\w*|move[ds]?|position\w*|pour\w*|flown|flew|sent|send\w*|rush\w*|reinforc\w*)\b[^.]{0,60}\b${MIL}\b[^.]{0,60}\b(?:border|frontier)s?\b|\b${MIL}\b[^.]{0,60}\b(?:mass(?:ed|ing)?|amass\w*|stationed|deployed|gathered|positioned|build-?up)\b[^.]{0,50}\b(?:border|frontier)s?\b`,
    ),
    prior: 0.9,
  },
  {
    topic: 'invasion-warning',
    triggers: ['inva', 'incursion', 'offensive'],
    pattern: /\binva(?:sion|de|ded|des|ding)\b|\bincursions?\b|\boffensive against\b/,
    prior: 0.85,
    unless: /\binvasion of privacy\b|\binvasive\b/,
  },
  {
    topic: 'nuclear-missile-deployment',
    triggers: ['nuclear', 'missile', 'warhead', 'icbm', 'ballistic'],
    pattern:
      /\b(?:deploy\w*|station\w*|plac(?:e|ed|ing)|install\w*|test(?:ed|s|ing)?|launch\w*|fir(?:e|ed|ing))\b[^.]{0,50}\b(?:nuclear|missiles?|warheads?|icbms?|ballistic)\b|\b(?:nuclear|missiles?|warheads?|ballistic)\b[^.]{0,40}\b(?:deploy\w*|stationed|test(?:ed|s)?|launch(?:ed|es)?)\b/,
    prior: 0.85,
    unless: /\bnuclear (?:power plant|energy|medicine|reactor for)\b/,
  },
  {
    topic: 'alliance-expansion',
    triggers: ['nato', 'alliance'],
    pattern:
      /\b(?:nato|alliance)\b[^.]{0,40}\b(?:expan\w+|enlarge\w*|eastward\w*|membership|accession)\b|\b(?:expan\w+|enlarge\w*|join(?:ing)?|admit\w*|accession)\b[^.]{0,30}\b(?:nato|the alliance)\b/,
    prior: 0.75,
  },
  {
    topic: 'security-guarantees',
    triggers: ['guarantee', 'ultimatum', 'line'],
    pattern:
      /\b(?:security|legal) guarantees?\b|\bguarantees? (?:for|of) (?:the )?security\b|\bultimatums?\b|\bred lines?\b/,
    prior: 0.8,
  },
  {
    topic: 'sanctions',
    triggers: ['sanction', 'embargo', 'export', 'asset', 'blacklist'],
    pattern:
      /\bsanction(?:s|ed|ing)?\b|\bembargo(?:es|ed)?\b|\bexport controls?\b|\basset freezes?\b|\bblacklist\w*/,
    prior: 0.8,
    unless:
      /\b(?:lift\w*|eas(?:e|ed|ing)|remov\w+|end(?:ed|ing)?|relax\w*|wav(?:e|ed|ing)|suspend\w*) (?:the |all |some |its |of )*(?:\w+ ){0,2}(?:sanctions|embargo)/,
  },
  {
    topic: 'cyber-attack',
    triggers: ['cyber', 'hack', 'ransomware', 'ddos'],
    pattern:
      /\bcyber[- ]?(?:attacks?|warfare|espionage|operations?|intrusions?)\b|\bcyberattacks?\b|\bhack(?:ers|ing|ed)\b[^.]{0,60}\b(?:state|government|ministry|military|election|infrastructure|russian|chinese|north korean|iranian)\b|\bransomware\b|\bddos\b/,
    prior: 0.75,
  },
  {
    topic: 'energy-coercion',
    triggers: ['gas', 'oil', 'energy', 'electricity', 'pipeline'],
    pattern:
      /\b(?:gas|oil|energy|electricity|pipeline)\b[^.]{0,40}\b(?:cut(?:s|ting)? off|halt\w*|shut\w*|weapon\w*|blackmail|leverage|blockade|stop(?:ped|s)? (?:supplies|deliveries|flows?))\b|\b(?:cut(?:s|ting)? off|halt\w*|shut\w* off|stop\w*)\b[^.]{0,30}\b(?:gas|oil|energy) (?:supplies|deliveries|flows?|exports)\b/,
    prior: 0.7,
  },
  {
    topic: 'ceasefire-violation',
    triggers: ['ceasefire', 'cease', 'truce', 'armistice'],
    pattern:
      /\b(?:ceasefire|cease-fire|truce|armistice)\b[^.]{0,50}\b(?:violat\w+|breach\w*|broke(?:n)?|collaps\w+|shatter\w*)\b|\b(?:violat\w+|breach\w*|broke|broken)\b[^.]{0,30}\b(?:ceasefire|cease-fire|truce|armistice)\b/,
    prior: 0.9,
  },
  // Implicit escalation, reported threats and verb-less armed exchanges (English phrases).
  ...ESCALATION_RULES,
  ...THREAT_RULES,
  ...ATTACK_RULES,
];

export interface DomainMatch {
  topic: string;
  prior: number;
  /** Character offset of the match inside the sentence. */
  at: number;
}

/** Trigger prefixes per rule, in DOMAIN_RULES order (bit i of a word's domain mask). */
export const DOMAIN_TRIGGERS: readonly string[][] = DOMAIN_RULES.map((r) => r.triggers);

/**
 * The domain topics a lower-cased sentence mentions, one match (the first) per topic. `mask`
 * (bit i: rule i's trigger word is present) skips the rules that cannot match.
 */
export function matchDomainRules(lower: string, mask = -1): DomainMatch[] {
  const out: DomainMatch[] = [];
  for (let i = 0; i < DOMAIN_RULES.length; i++) {
    if (!(mask & (1 << i))) continue;
    const rule = DOMAIN_RULES[i]!;
    const m = rule.pattern.exec(lower);
    if (!m) continue;
    if (rule.unless?.test(lower)) continue;
    out.push({ topic: rule.topic, prior: rule.prior, at: m.index });
  }
  return out;
}
