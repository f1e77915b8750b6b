// News-like sentences written for the project (no third-party text): templates in the style of
// wire reporting, filled from slot lists with a seeded PRNG, so the load tests, chaos tests and
// benches have thousands of distinct, realistic sentences without any data beside the repo.
// About a third are tension reporting (troops, sanctions, talks), the rest everyday news
// (markets, weather, sport, science, courts), as in a real feed mix.

import { SLOTS } from './news-corpus-words.ts';

// {N} is a number, {P} a percentage; every other {NAME} comes from SLOTS.
const TEMPLATES = [
  // tension reporting
  "{C} has moved {N} {UNIT} to within a day's drive of its border with {D}, officials in {CITY} said on {DAY}.",
  'The {ROLE} of {C} accused {D} of preparing a provocation and warned that any incursion would be met with force.',
  'Satellite images reviewed by analysts show {N} new tents and fuel depots at a base near the {D} frontier.',
  '{ORG} said it was {FEEL} by the build-up and called on both capitals to return to talks in {CITY}.',
  'Diplomats in {CITY} said the latest round of talks between {C} and {D} ended without an agreement on {DAY}.',
  '{C} announced sanctions on {N} companies it said were supplying drones and spare parts to the army of {D}.',
  'The {ROLE} of {D} rejected the ultimatum from {C} as unacceptable and said troops would stay in place.',
  'Air raid sirens sounded across {CITY} for the {N}th time this month, and residents were told to seek shelter.',
  '{ORG} will hold emergency consultations after {C} tested a missile that flew over the waters of {D}.',
  'Border guards of {C} reported an exchange of fire with units of {D} that left {N} soldiers wounded.',
  'The parliament of {C} voted to extend martial law by {N} days, citing the threat from {D}.',
  '{C} expelled {N} diplomats from {D}, accusing them of espionage, and closed a consulate in {CITY}.',
  'Inspectors from {ORG} were denied access to a nuclear site in {C} for the third time this year.',
  'The {ROLE} of {C} said a negotiated settlement with {D} was still possible but time was running out.',
  'Warships from {C} shadowed a convoy of {D} through the strait, according to a navy statement issued on {DAY}.',
  '{C} began snap military exercises involving {N} troops along its frontier with {D} on {DAY}.',
  'Officials in {CITY} said a cyberattack had disrupted ministry websites, and blamed hackers working for {C}.',
  '{ORG} urged {C} to pull back its {UNIT} and to open a hotline with the military of {D}.',
  // economy and business
  'Shares of {FIRM} rose {P} percent on {DAY} after it reported stronger orders from {C}.',
  'The price of {GOOD} fell {P} percent this week as shipments from {C} resumed after a long delay.',
  '{FIRM} said it would cut {N} jobs and close a plant near {CITY} by the end of the year.',
  'The {ROLE} of {C} said inflation had eased to {P} percent and ruled out another rate increase.',
  'Exports of {GOOD} from {C} to {D} reached a record in the last quarter, customs data showed.',
  '{FIRM} agreed to buy a smaller rival in {C} for a sum analysts put at {N} million dollars.',
  'Traders in {CITY} said demand for {GOOD} was weaker than expected ahead of the harvest.',
  '{C} and {D} signed a trade deal that lowers tariffs on {GOOD} over the next {N} years.',
  'Unions at {FIRM} called a {N}-day strike over pay, the first walkout at the company in a decade.',
  'The {ROLE} of {C} presented a budget that raises spending on schools and roads by {P} percent.',
  // weather and environment
  '{WX} closed roads and schools across the north of {C} on {DAY}, and {N} flights were cancelled in {CITY}.',
  'Farmers in {C} warned that {WX} could cut the {GOOD} harvest by as much as {P} percent.',
  'Emergency services in {CITY} rescued {N} people after {WX} flooded low-lying streets overnight.',
  'Forecasters said {WX} would reach the coast of {C} by {DAY} and urged residents to stock up on water.',
  // sport
  '{TEAM} of {C} beat {D} by {N} points in {CITY} to reach the final.',
  'A crowd of {N} thousand watched {TEAM} draw with {D} in a tense match on {DAY}.',
  'The coach of {TEAM} said the squad would rest several players before the tournament in {CITY}.',
  '{TEAM} of {C} lost {N} games in a row, and fans called for changes in the dugout.',
  // science and health
  'Researchers in {CITY} said {SUBJ} had produced encouraging results in a trial with {N} volunteers.',
  'Scientists from {C} and {D} will share data from {SUBJ}, the first joint project of its kind.',
  'The health ministry of {C} reported {N} new cases of measles and urged parents to vaccinate children.',
  'A team at a university in {CITY} published early findings on {SUBJ} after {N} months of fieldwork.',
  // courts, politics, society
  'A court in {CITY} sentenced a former official to {N} years in prison for taking bribes.',
  'Voters in {C} go to the polls on {DAY}, and the latest survey puts the governing party {P} points ahead.',
  'Thousands marched through {CITY} on {DAY} to protest against higher fuel prices.',
  'The {ROLE} of {C} resigned on {DAY} after a row over a contract awarded to {FIRM}.',
  'Police in {CITY} arrested {N} people suspected of smuggling {GOOD} across the border from {D}.',
  'The city council of {CITY} approved a plan to plant {N} thousand trees over the next decade.',
  'Museum curators in {CITY} returned {N} artefacts to {C} under an agreement signed last spring.',
  'Teachers in {C} ended a {N}-week strike after the government offered a pay rise of {P} percent.',
];

const TITLES = [
  '{C} warns {D} over troop build-up',
  '{ORG} calls for calm as {C} and {D} trade accusations',
  'Talks between {C} and {D} stall in {CITY}',
  '{C} imposes new sanctions on {D}',
  'Markets in {CITY} steady as {GOOD} prices ease',
  '{FIRM} to cut jobs near {CITY}',
  '{WX} disrupts travel across {C}',
  '{TEAM} of {C} reach the final',
  'Researchers report progress on {SUBJ}',
  'Voters in {C} head to the polls',
  'Protest in {CITY} over fuel prices',
  '{ROLE} of {C} resigns',
];

function fill(template: string, rand: () => number): string {
  const used = new Set<string>();
  const pick = (name: string): string => {
    const list = SLOTS[name]!;
    // {C} and {D} are two different countries in one sentence.
    for (let i = 0; i < 8; i++) {
      const v = list[Math.floor(rand() * list.length)]!;
      if (!used.has(v)) {
        used.add(v);
        return v;
      }
    }
    return list[0]!;
  };
  const text = template.replace(/\{([A-Z]+)\}/g, (_, name: string) => {
    if (name === 'N') return String(2 + Math.floor(rand() * 480));
    if (name === 'P') return String(1 + Math.floor(rand() * 29));
    return pick(name);
  });
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `count` distinct generated sentences and titles (deterministic for a seed). */
export function newsCorpus(
  count = 4000,
  rand: () => number,
): { sentences: string[]; titles: string[] } {
  const sentences = new Set<string>();
  for (let i = 0; sentences.size < count && i < count * 4; i++)
    sentences.add(fill(TEMPLATES[i % TEMPLATES.length]!, rand));
  const titles = new Set<string>();
  for (let i = 0; titles.size < 400 && i < 4000; i++)
    titles.add(fill(TITLES[i % TITLES.length]!, rand));
  return { sentences: [...sentences], titles: [...titles] };
}
