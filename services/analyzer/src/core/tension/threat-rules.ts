import type { DomainRule } from './domain-rule-type.ts';
import { CIVIL, SPORT } from './escalation-rules.ts';

// English phrase rules for threats, vows and warnings as news words them, beside the ones in
// escalation-rules.ts: a threat to do something hostile ("threatens to annihilate", "threatens
// to close the strait"), vows of revenge or to crush, warnings of a response with its adjective
// ("a befitting response") or of countermeasures, territory to be taken back "by force", and relationships at the edge of war ("on the
// brink of war", "war fears"). Quotation marks are dropped before matching (analyze-sentence).

const HOSTILE = String.raw`(?:annihilate|destroy|wipe out|crush|attack|invade|strike|bomb|retaliate|respond militarily|close|blockade|seize|shoot down|sink|cut off|use force|use nuclear|nuke|occupy|annex|expel|punish)`;

export const THREAT_RULES: readonly DomainRule[] = [
  {
    topic: 'threaten',
    triggers: ['threat', 'vow', 'warn', 'pledg', 'legitimate', 'force'],
    pattern: new RegExp(
      String.raw`\bthreat\w*\b[^.]{0,25}\bto ${HOSTILE}\b|\b(?:vow\w*|pledg\w*) (?:to )?(?:revenge|retaliat\w*|avenge|punish|crush|annihilate|smash|eliminate|destroy|hit back|strike back|respond (?:forcefully|firmly|decisively|militarily))\b|\bwarn\w*\b[^.]{0,40}\b(?:of|against) (?:a |an |any |the )?(?:[\w-]+ )?(?:response|retaliation|reprisals?|counter-?measures|consequences|retaliatory (?:measures|steps|action))\b|\bwarn\w*\b[^.]{0,40}\b(?:counter-?measures|retaliatory (?:measures|steps|action)|military-technical measures)\b|\blegitimate (?:military )?targets?\b|\b(?:retake\w*|retook|reclaim\w*|recaptur\w*|take\w* back|took back|get back|win back|regain\w*|annex\w*|seiz\w*)\b[^.]{0,30}\bby (?:military )?force\b`,
    ),
    prior: 0.85,
    unless: new RegExp(String.raw`${SPORT}|${CIVIL}|\b(?:prices?|inflation|tariffs?|markets?)\b`),
  },
  {
    topic: 'disapprove',
    triggers: ['brink', 'verge', 'edge', 'fear', 'war'],
    pattern: new RegExp(
      String.raw`\b(?:brink|verge|edge) of (?:a |an |open |all-out |full-scale )?(?:war|conflict|armed conflict|confrontation|clashes)\b|\bfears? (?:of|for) (?:a |an |open |all-out |wider |new )?(?:war|conflict|invasion|attack|escalation|clashes)\b|\bwar fears?\b`,
    ),
    prior: 0.8,
    unless: new RegExp(
      String.raw`${SPORT}|${CIVIL}|\b(?:trade|price|tariff|currency|bidding) war\b`,
    ),
  },
];
