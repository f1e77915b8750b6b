import type { DomainRule } from './domain-rule-type.ts';

// English phrase rules for what news reports as tension without a CAMEO verb the dictionary
// codes: implicit escalation ("moves missiles to", "closes airspace", "recalls ambassador",
// "scrambles jets", "water cannon"), reported and conditional threats ("will pay a heavy price",
// "warns of a response if ..."), ultimatums and verb-less headlines ("Artillery duels on Kashmir
// frontier"). Each fires a CAMEO family topic; like the domain rules, the prior is scaled by the
// classifier's conflict probability, the modality of the sentence and its political-actor gate.

export const ARMED = String.raw`(?:troops|soldiers|forces|army|military|rebels?|militants?|insurgents?|fighters|militias?|jihadists?|paramilitar\w+|gunmen|marines)`;
const WEAPONS = String.raw`(?:missiles?|warships?|destroyers?|frigates?|carriers?|bombers?|tanks|artillery|troops|soldiers|armou?red (?:units|vehicles)|fighter jets|warplanes|submarines?|air defen[cs]es?|rocket launchers|drones|marines|battalions?)`;
/** Disasters, health and markets: the same words without an adversary. */
export const CIVIL = String.raw`\b(?:volcan\w*|ash cloud|storms?|hurricane|typhoon|cyclone|weather|snow|fog|floods?|flooding|earthquake|quake|pandemic|covid\w*|virus|outbreak|rescue|relief|humanitarian|evacuat\w+|consumers|customers|shoppers|investors|shares|stocks|wages)\b`;
export const SPORT = String.raw`\b(?:goals?|match(?:es)?|season|league|cup|tournament|coach|club|penalty|fans|striker|midfield\w*|title race)\b`;

export const ESCALATION_RULES: readonly DomainRule[] = [
  {
    // Diplomatic downgrades: envoys recalled or expelled, ties cut, embassies, borders or airspace closed.
    topic: 'reduce-relations',
    triggers: [
      'ambassador',
      'envoy',
      'diplomat',
      'embass',
      'consul',
      'charg',
      'attach',
      'persona',
      'ties',
      'relations',
      'airspace',
      'skies',
      'crossing',
      'border',
    ],
    pattern: new RegExp(
      String.raw`\b(?:recall\w*|withdr\w*|pull\w*|call\w* home|brought home|bring\w* home|expel\w*|expuls\w+|summon\w*|throw\w* out|threw out|order\w* out)\b[^.]{0,40}\b(?:ambassadors?|envoys?|diplomats?|embassy staff|consuls?|charg[eé] d.affaires|military attach[eé]s?)\b|\bpersona non grata\b|\b(?:sever\w*|cut\w*|break\w*|broke|suspend\w*|downgrad\w*)\b[^.]{0,25}\b(?:diplomatic )?(?:ties|relations)\b|\b(?:clos\w*|shut\w*|seal\w*)\b[^.]{0,25}\b(?:embassy|consulate|airspace|skies|(?:border|land) crossings?|borders?)\b|\bairspace\b[^.]{0,20}\b(?:clos\w+|shut)\b`,
    ),
    prior: 0.85,
    unless: new RegExp(
      String.raw`\b(?:reopen\w*|restor\w*|resum\w*|normali[sz]\w*|re-?establish\w*)\b|${CIVIL}`,
    ),
  },
  {
    // Force posture: jets scrambled, drills around a neighbour, forces on alert, weapons moved up,
    // incursions into airspace or waters, rehearsed strikes, warships or carriers through a strait.
    topic: 'force-posture',
    triggers: [
      'scrambl',
      'drill',
      'exercise',
      'manoeuv',
      'maneuv',
      'patrol',
      'alert',
      'readiness',
      'missile',
      'warship',
      'destroyer',
      'frigate',
      'carrier',
      'bomber',
      'tank',
      'artiller',
      'troop',
      'soldier',
      'armor',
      'armour',
      'fighter',
      'warplane',
      'submarine',
      'defenc',
      'defens',
      'rocket',
      'drone',
      'marine',
      'battalion',
      'jets',
      'aircraft',
      'vessel',
      'ship',
      'coast',
      'simulat',
      'rehears',
      'mobili',
      'mass',
      'amass',
      'build',
    ],
    pattern: new RegExp(
      String.raw`\bscrambl\w*\b[^.]{0,30}\b(?:jets?|fighters?|aircraft|planes|f-\d+s?|interceptors?)\b|\b(?:drills?|exercises?|manoeuvres|maneuvers|patrols?)\b[^.]{0,60}\b(?:around|encircl\w*|surround\w*|off the coast|near (?:the )?(?:border|frontier|island|coast))\b|\b(?:encircl\w*|surround\w*)\b[^.]{0,20}\b(?:drills?|exercises?)\b|\b${ARMED}[^.]{0,30}\b(?:on|to) (?:high |highest |full |maximum |combat |red )?(?:state of )?(?:alert|combat readiness)\b|\bhighest state of (?:alert|readiness|combat readiness)\b|\b(?:mov\w*|deploy\w*|send\w*|sent|dispatch\w*|station\w*|position\w*|transfer\w*|rush\w*|flown|flew|fly\w*|pour\w*|reinforc\w*|bolster\w*)\b[^.]{0,30}\b${WEAPONS}\b[^.]{0,40}\b(?:to|toward|towards|near|along|into|off|close to)\b|\b(?:warships?|destroyers?|jets|warplanes|bombers|aircraft|vessels|ships|coast guard)\b[^.]{0,40}\b(?:cross\w*|enter\w*|intru\w*|violat\w*)\b[^.]{0,30}\b(?:median line|airspace|territorial waters|waters|air defen[cs]e (?:identification )?zone|adiz|contiguous zone)\b|\b(?:simulat\w+|rehears\w+)\b[^.]{0,30}\b(?:strikes?|attacks?|blockade|invasion)\b|\bmobili[sz]\w*\b[^.]{0,20}\b(?:troops|forces|reservists|militias?|army|military)\b|\b(?:troops|forces|soldiers) mass\b|\b(?:a)?mass(?:es|ed|ing)? (?:troops|forces|soldiers)\b|\b(?:military|troop|naval) build-?up\b|\b(?:ships|vessels|warships|jets|aircraft|coast guard)\b[^.]{0,30}\bshadow\w*\b|\b(?:warships?|destroyers?|frigates?|aircraft carriers?|carriers?|carrier (?:strike )?groups?|naval (?:vessels|flotilla)|navy ships)\b[^.]{0,20}\b(?:sail\w*|pass\w*|transit\w*|steam\w*)\b[^.]{0,12}\bthrough (?:the )?(?:[\w'-]+ )?strait\b|\bshow of force\b|\b(?:military )?stand-?off\b|\b(?:warships?|destroyers?|jets|warplanes|bombers|fighter jets|military aircraft|navy vessels|naval vessels|troops|tanks|aircraft carriers?|carrier (?:strike )?groups?)\b(?:,? (?:and )?(?:warships?|jets|warplanes|bombers|aircraft|drones|vessels|ships|tanks|troops|submarines?)\b)*[^.]{0,12}\b(?:around|off|near|along|over) (?:the )?(?:[\w'-]+ ){0,2}(?:island|coast|border|frontier|strait|waters|taiwan|korea|japan|philippines|guyana|venezuela|ukraine|poland|baltic\w*)\b|\b(?:troops|tanks|forces|soldiers|army|armou?r|artillery|warships|battalions?|divisions)\b[^.]{0,20}\b(?:on|onto|at|along|near|to|toward|towards|across) (?:the |its |their )?(?:[\w'-]+ ){0,2}(?:border|frontier|boundary|line of control|demilitari[sz]ed zone|dmz)\b|\b(?:fir\w*|launch\w*|test-?fir\w*)\b[^.]{0,20}\b(?:ballistic|cruise|hypersonic|intercontinental|long-range|medium-range)\b[^.]{0,15}\bmissiles?\b[^.]{0,20}\b(?:over|into|toward|towards|off|near)\b`,
    ),
    prior: 0.85,
    unless: new RegExp(String.raw`${CIVIL}|\bpeacekeep\w*|\bjoint (?:drills?|exercises?) with\b`),
  },
  {
    // Coercion short of force: water cannon, ramming, blockades, seizing power or a city.
    topic: 'coerce',
    triggers: [
      'water',
      'ram',
      'sideswip',
      'blockad',
      'harass',
      'seiz',
      'coup',
      'putsch',
      'junta',
      'mutin',
      'overthr',
      'ousted',
      'tanker',
      'vessel',
      'ship',
      'sabotag',
    ],
    pattern: new RegExp(
      String.raw`\bwater[- ]cannon\w*\b|\b(?:rams?|rammed|ramming|sideswip\w*)\b[^.]{0,30}\b(?:boats?|vessels?|ships?)\b|\b(?:boats?|vessels?|ships?) (?:was |were |is |are |has been |had been )?(?:rammed|sideswiped|blocked|boarded) by\b|\bblockad\w*\b|\bharass\w*\b[^.]{0,30}\b(?:vessels?|boats?|ships?|fishermen|aircraft|patrols?)\b|\bseiz\w*\b[^.]{0,20}\b(?:power|control of (?:the )?(?:city|town|capital|country|airport|base)|tankers?|vessels?)\b|\b(?:tankers?|vessels?|cargo ships?|ships?)\b (?:was |were |has been |have been )?(?:seized|impounded|detained|boarded)\b|\bsabotag\w*\b|\b(?:coup|putsch|junta|mutin\w+)\b|\boverthr\w*\b|\bousted (?:the )?president\b`,
    ),
    prior: 0.85,
    unless: new RegExp(String.raw`${SPORT}|\bcoup for\b|\b(?:shares?|stake|company|board)\b`),
  },
  {
    // Reported and conditional threats, warnings and ultimatums.
    topic: 'threaten',
    triggers: [
      'pay',
      'paid',
      'consequen',
      'respon',
      'retali',
      'reprisal',
      'counter',
      'vow',
      'warn',
      'threat',
      'hesitat',
      'measures',
      'means',
      'choosing',
      'playing',
      'declaration',
      'force',
      'arms',
      'giv',
      'fight',
      'deadline',
      'face',
      'suffer',
    ],
    pattern: new RegExp(
      String.raw`\b(?:pay|paid|pays|paying) (?:a |the )?(?:very |heavy |high |dear |severe |terrible |steep )*(?:price|cost)\b|\bpay dearly\b|\b(?:heavy|high|steep) price\b|\b(?:bear|face|suffer) (?:all |the )?(?:[\w-]+ ){0,2}consequences\b|\bdeadline\b[^.]{0,40}\bto (?:surrender|withdraw|leave|pull|disarm|lay down|hand over|give up|comply|vacate)\b|\bor face (?:an? |the )?(?:[\w-]+ )?(?:assault|attack|military action|force|war|strikes?|invasion|retaliation)\b|\b(?:crushing|decisive|resolute|harsh|severe|swift|strong|firm|forceful|massive|devastating|military|powerful) (?:response|retaliation|reprisals?|counter-?measures|counter-?attack)\b|\bvow\w* (?:severe |swift |massive )?(?:retaliation|revenge|to retaliate|to respond|to fight)\b|\bvow\w* to (?:defend|protect|resist|retake|recover|crush|destroy)\b|\bwill not go unanswered\b|\bwarn\w*\b[^.]{0,40}\b(?:of|against) (?:a |any )?(?:response|retaliation|reprisals|war|attack|military action|consequences|escalation|invasion)\b|\bthreat\w*\b[^.]{0,30}\b(?:military|force|intervention|invasion|war|strikes?|retaliation|nuclear|to attack|to invade|to strike)\b|\b(?:will|would) not hesitate to\b|\ball (?:necessary )?(?:measures|means)\b|\bby (?:every|all) means\b|\bat a time (?:and place )?of (?:its|our|their) choosing\b|\bplaying with fire\b|\bdeclaration of war\b|\b(?:use|using) (?:of )?force\b|\bresolute force\b|\b(?:republic|nation) in arms\b|\bgiv\w*\b[^.]{0,40}\b(?:\d+|one|two|three|seven|a) (?:hours?|days?|weeks?) to (?:restore|withdraw|leave|release|hand|pull|stop|return|surrender|comply|reinstate|lay down|disarm|vacate|give up)\b|\bwill fight\b`,
    ),
    prior: 0.9,
    unless: new RegExp(
      String.raw`${SPORT}|${CIVIL}|\b(?:prices?|inflation|bills?|tariff)\b[^.]{0,20}\bpay\b`,
    ),
  },
  {
    // Armed exchanges, verb-less or not: fire traded, shelling, air strikes, gun battles, clashes.
    topic: 'fight',
    triggers: [
      'fire',
      'gunfire',
      'artiller',
      'shots',
      'rocket',
      'strike',
      'shell',
      'mortar',
      'barrage',
      'gun',
      'clash',
      'seiz',
      'captur',
      'overr',
      'control',
      'storm',
    ],
    pattern: new RegExp(
      String.raw`\b(?:exchang\w*|trad\w*)\b[^.]{0,15}\b(?:fire|gunfire|artillery|shots|rocket fire|strikes)\b|\bartillery (?:duels?|fire|barrages?|shells?|strikes?)\b|\bfir\w* (?:\w+ ){0,2}(?:artillery|shells|rockets|mortars?)\b|\bshells (?:landed|fell|hit)\b|\bshell(?:ing|ed)\b|\bshells? (?:\w+ ){0,2}(?:villages?|towns?|positions?|posts?|cities|city|homes|areas|districts?)\b|\bmortar (?:fire|shells|rounds|attacks?)\b|\bbarrages?\b[^.]{0,20}\b(?:missiles|rockets|drones|shells|artillery)\b|\b(?:air ?strikes?|drone strikes?|missile strikes?)\b|\bopen(?:ed|s|ing)? fire\b|\bfired? (?:on|at|across) (?:\w+ ){0,3}(?:positions?|troops|soldiers|posts?|villages?|border|line of control|vessels?|ships?|boats?|civilians|protesters|police|patrols?)\b|\bgun ?battles?\b|\bfirefights?\b|\bcame under (?:\w+ )?fire\b|\bgunfire\b[^.]{0,20}\b(?:at|on|across|along|near) (?:the )?(?:\w+ )?(?:border|frontier|boundary|line of control)\b|\bclash\w*\b[^.]{0,30}\b(?:troops|soldiers|forces|army|border|frontier|militants|rebels|police)\b|\b(?:troops|soldiers|forces|army|border)\b[^.]{0,30}\bclash\w*\b|\b${ARMED}\b[^.]{0,40}\b(?:seiz\w*|captur\w*|overr[au]n\w*|took control|tak\w* control|storm\w*)\b`,
    ),
    prior: 0.9,
    unless: new RegExp(String.raw`${SPORT}|\bshelled out\b|\bair (?:fares?|travel|quality)\b`),
  },
  {
    // Attacks on ships, bases and positions by missile, drone or rocket.
    topic: 'assault',
    triggers: [
      'missile',
      'drone',
      'rocket',
      'projectile',
      'ship',
      'vessel',
      'tanker',
      'military',
      'base',
      'positions',
      'convoy',
      'posts',
    ],
    pattern: new RegExp(
      String.raw`\b(?:missiles?|drones?|rockets?|projectiles?)\b[^.]{0,30}\b(?:hit|hits|struck|slamm\w*|land\w* (?:near|close)|crash\w* (?:into|on))\b|\b(?:struck|strikes?|hit|hits|attack\w*|target\w*)\b[^.]{0,30}\b(?:ships?|vessels?|tankers?|military (?:sites|targets|bases?|positions)|air bases?|positions|convoys?|posts)\b`,
    ),
    prior: 0.85,
    unless: new RegExp(
      String.raw`${SPORT}|\b(?:workers|unions?|walkout|pay dispute|asteroid|meteor|heart attack)\b`,
    ),
  },
  {
    // Demands that forces withdraw or disarm.
    topic: 'demand',
    triggers: ['demand', 'urg', 'call', 'told', 'tell', 'order'],
    pattern: new RegExp(
      String.raw`\b(?:demand\w*|urg\w*|call\w* on|told|tells?|order\w*)\b[^.]{0,40}\b(?:withdraw\w*|pull\w* (?:back|out)|reduce (?:its|their) forces|lay down (?:its |their )?(?:arms|weapons)|leave (?:the )?(?:area|waters|territory|country) immediately|surrender)\b`,
    ),
    prior: 0.8,
    unless: new RegExp(String.raw`${SPORT}|\b(?:race|candidacy|bid|investment|deal|market)\b`),
  },
  {
    // What reporting calls the relationship: provocations, hostilities, soaring tensions, standoffs.
    topic: 'disapprove',
    triggers: [
      'provoc',
      'hostilit',
      'war',
      'escalat',
      'tension',
      'grey',
      'gray',
      'aggressi',
      'postur',
    ],
    pattern: new RegExp(
      String.raw`\bprovocat\w+|\bhostilit\w+|\bwar of words\b|\bescalat\w*\b[^.]{0,20}\b(?:tensions?|conflict|hostilities|crisis|confrontation)\b|\btensions? (?:soar\w*|flar\w*|ris\w*|mount\w*|escalat\w*|boil\w*|spik\w*)\b|\b(?:grey|gray)-zone\b|\baggressi\w+ (?:military )?(?:posturing|behaviou?r|actions?|moves?|acts?)\b|\bmilitary posturing\b`,
    ),
    prior: 0.8,
    unless: new RegExp(
      String.raw`${SPORT}|${CIVIL}|\b(?:trade|tariffs?|markets?|prices|oil price|boardroom|shareholders?|union)\b`,
    ),
  },
];
