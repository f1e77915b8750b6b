import type { DomainRule } from './domain-rule-type.ts';
import { ARMED, CIVIL, SPORT } from './escalation-rules.ts';

// English phrase rules for hostile acts that escalation-rules.ts does not word: strikes that
// kill, missiles and drones raining on a city, battles and operations, chemical weapons, drones
// violating airspace, live-fire drills, tanks on the streets and coups, annexation, blocked
// resupply or straits, and military contacts cut off.

export const ATTACK_RULES: readonly DomainRule[] = [
  {
    topic: 'assault',
    triggers: [
      'strike',
      'raid',
      'attack',
      'missile',
      'drone',
      'rocket',
      'shell',
      'bomb',
      'chemical',
      'sarin',
      'chlorine',
      'nerve',
    ],
    pattern: new RegExp(
      String.raw`\b(?:air ?strikes?|drone strikes?|missile strikes?|strikes?|raids?|attacks?)\b (?:\w+ )?(?:kill\w*|wound\w*|injur\w*|destroy\w*|flatten\w*)\b|\b(?:missiles?|drones?|rockets?|shells?|bombs?)\b[^.]{0,20}\b(?:rain\w* (?:down )?on|pound\w*|pummel\w*|batter\w*|slam\w* into)\b|\b(?:us\w*|fir\w*|deploy\w*|drop\w*) (?:of )?chemical (?:weapons?|munitions|agents?)\b|\bchemical (?:attacks?|strikes?)\b|\b(?:sarin|chlorine|nerve agent)\b[^.]{0,20}\battacks?\b`,
    ),
    prior: 0.85,
    unless: new RegExp(
      String.raw`${SPORT}|\b(?:workers|unions?|walkout|pay dispute|heart attack|panic attack|lightning)\b`,
    ),
  },
  {
    topic: 'fight',
    triggers: ['battl', 'operation', 'offensive', 'clash'],
    pattern: new RegExp(
      String.raw`\b${ARMED}\b[^.]{0,40}\bbattl\w*\b|\bbattl\w* (?:for|over) (?:control of )?(?:the )?(?:city|capital|town|airport|base|region)\b|\b(?:launch\w*|begin\w*|began|start\w*|open\w*)\b[^.]{0,20}\b(?:military|anti-terror\w*|counter-terror\w*|ground|air|special military|punitive) (?:operation|offensive)\b|\b(?:police|protesters|demonstrators)\b[^.]{0,20}\bclash\w*\b`,
    ),
    prior: 0.85,
    unless: new RegExp(
      String.raw`${SPORT}|${CIVIL}|\b(?:legal|court|election|campaign trail|advertising|marketing)\b`,
    ),
  },
  {
    topic: 'force-posture',
    triggers: ['airspace', 'live', 'drill', 'exercise', 'manoeuv', 'maneuv'],
    pattern: new RegExp(
      String.raw`\b(?:drones?|balloons?|helicopters?|missiles?|military aircraft|warplanes?|jets)\b[^.]{0,30}\b(?:violat\w*|intrud\w*|enter\w*|stray\w* into|cross\w* into)\b[^.]{0,20}\bairspace\b|\bairspace (?:violations?|incursions?|intrusions?)\b|\blive-fire (?:drills?|exercises?|manoeuvres|maneuvers)\b|\b(?:drills?|exercises?|manoeuvres|maneuvers)\b[^.]{0,40}\b(?:warning to|punishment|show of force)\b|\b(?:drills?|exercises?) in (?:the )?(?:\w+ )?strait\b`,
    ),
    prior: 0.85,
    unless: new RegExp(CIVIL),
  },
  {
    topic: 'coerce',
    triggers: [
      'street',
      'annex',
      'resupply',
      'supply',
      'power',
      'president',
      'strait',
      'hormuz',
      'lane',
    ],
    pattern: new RegExp(
      String.raw`\b(?:tanks|troops|soldiers|armou?red vehicles)\b (?:\w+ )?(?:on|in|onto|patrol) (?:the )?streets\b|\bannex(?:ation|ed|es|ing)\b|\bannex (?:the |parts? of |its )|\bblock\w* (?:\w+ ){0,2}(?:resupply|supply) (?:missions?|runs?|boats?|ships?|convoys?)\b|\b(?:remov\w*|oust\w*|toppl\w*|depos\w*)\b[^.]{0,40}\bfrom power\b|\bdetain\w* (?:the )?president\b|\b(?:clos\w*|shut\w*|block\w*|mine|mining)\b[^.]{0,25}\b(?:the )?(?:strait|straits|hormuz|shipping lanes?|sea lanes?)\b|\b(?:strait|straits|hormuz)\b[^.]{0,30}\b(?:closed|shut|blocked|closure)\b`,
    ),
    prior: 0.85,
    unless: new RegExp(String.raw`${SPORT}|${CIVIL}|\b(?:parade|celebrat\w*|memorial|ceremony)\b`),
  },
  {
    topic: 'reduce-relations',
    triggers: ['military', 'defenc', 'defens'],
    pattern: new RegExp(
      String.raw`\b(?:cut\w*|suspend\w*|halt\w*|freez\w*|froze|sever\w*|break\w*|broke)\b[^.]{0,20}\b(?:military|defen[cs]e) (?:talks|dialogue|contacts|cooperation|ties|hotlines?|communication)\b`,
    ),
    prior: 0.85,
    unless: new RegExp(String.raw`\b(?:resum\w*|restor\w*|reopen\w*)\b`),
  },
];
