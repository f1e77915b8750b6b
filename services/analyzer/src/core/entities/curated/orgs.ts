/**
 * International organisations, government metonyms and regions with canonical ids.
 * `code` is the CAMEO/Phoenix actor code; Phoenix entries with exactly that code are merged in.
 */
export interface CuratedOrg {
  id: string;
  name: string;
  code?: string;
  aliases: readonly string[];
}

export const CURATED_ORGS: readonly CuratedOrg[] = [
  {
    id: 'ORG:NATO',
    name: 'NATO',
    code: 'IGOWSTNAT',
    aliases: [
      'North Atlantic Treaty Organization',
      'North Atlantic Treaty Organisation',
      'Atlantic alliance',
      'OTAN',
    ],
  },
  {
    id: 'ORG:EU',
    name: 'European Union',
    code: 'IGOEUREEC',
    aliases: ['EU', 'E.U.', 'European Commission', 'European Council'],
  },
  {
    id: 'ORG:UN',
    name: 'United Nations',
    code: 'IGOUNO',
    aliases: [
      'UN',
      'U.N.',
      'U.N',
      'UN Security Council',
      'U.N. Security Council',
      'Security Council',
      'United Nations Security Council',
      'UN General Assembly',
      'United Nations General Assembly',
    ],
  },
  {
    id: 'ORG:OSCE',
    name: 'OSCE',
    aliases: [
      'Organization for Security and Co-operation in Europe',
      'Organization for Security and Cooperation in Europe',
    ],
  },
  {
    id: 'ORG:IAEA',
    name: 'International Atomic Energy Agency',
    code: 'IGOUNOIAE',
    aliases: ['IAEA'],
  },
  { id: 'ORG:G7', name: 'G7', aliases: ['Group of Seven', 'G-7'] },
  { id: 'ORG:G20', name: 'G20', aliases: ['Group of 20', 'G-20'] },
  { id: 'ORG:CSTO', name: 'Collective Security Treaty Organization', aliases: ['CSTO'] },
  {
    id: 'ORG:SCO',
    name: 'Shanghai Cooperation Organisation',
    aliases: ['SCO', 'Shanghai Cooperation Organization'],
  },
  { id: 'ORG:BRICS', name: 'BRICS', aliases: [] },
  { id: 'ORG:ASEAN', name: 'ASEAN', aliases: ['Association of Southeast Asian Nations'] },
  { id: 'ORG:AU', name: 'African Union', aliases: ['AU'] },
  {
    id: 'ORG:ECOWAS',
    name: 'ECOWAS',
    code: 'IGOWAFBUSWAS',
    aliases: ['Economic Community of West African States', 'Ecowas', 'CEDEAO'],
  },
  { id: 'ORG:ARAB-LEAGUE', name: 'Arab League', aliases: ['League of Arab States'] },
  { id: 'ORG:OPEC', name: 'OPEC', aliases: ['Organization of the Petroleum Exporting Countries'] },
  { id: 'ORG:IMF', name: 'International Monetary Fund', aliases: ['IMF'] },
  { id: 'ORG:WB', name: 'World Bank', aliases: [] },
  { id: 'ORG:WTO', name: 'World Trade Organization', aliases: ['WTO'] },
  { id: 'ORG:WHO', name: 'World Health Organization', aliases: ['WHO'] },
  { id: 'ORG:ICC', name: 'International Criminal Court', aliases: ['ICC'] },
  {
    id: 'ORG:ICJ',
    name: 'International Court of Justice',
    code: 'IGOUNOJUDICJ',
    aliases: ['ICJ', 'World Court'],
  },
  {
    id: 'ORG:UNHCR',
    name: 'UNHCR',
    code: 'IGOUNOREFHCR',
    aliases: ['UN refugee agency', 'U.N. refugee agency'],
  },
  {
    id: 'ORG:ICRC',
    name: 'International Committee of the Red Cross',
    aliases: ['ICRC', 'Red Cross'],
  },
  { id: 'ORG:HAMAS', name: 'Hamas', aliases: [] },
  { id: 'ORG:HEZBOLLAH', name: 'Hezbollah', aliases: ['Hizbollah', 'Hizballah'] },
  {
    id: 'ORG:ISIL',
    name: 'Islamic State',
    aliases: ['ISIS', 'ISIL', 'IS', 'Daesh', 'Islamic State of Iraq and the Levant'],
  },
  { id: 'ORG:TALIBAN', name: 'Taliban', aliases: [] },
  {
    id: 'ORG:AL-QAEDA',
    name: 'al-Qaeda',
    aliases: ['al Qaeda', 'Al-Qaida', 'al-Qaida', 'Al Qaeda'],
  },
  { id: 'ORG:HOUTHIS', name: 'Houthis', aliases: ['Houthi', 'Ansar Allah'] },
  { id: 'ORG:WAGNER', name: 'Wagner Group', aliases: ['Wagner'] },
  { id: 'ORG:RSF', name: 'Rapid Support Forces', aliases: ['RSF'] },
  {
    id: 'ORG:PENTAGON',
    name: 'Pentagon',
    aliases: ['U.S. Defense Department', 'Department of Defense'],
  },
  {
    id: 'ORG:STATE-DEPARTMENT',
    name: 'State Department',
    aliases: ['U.S. State Department', 'US State Department'],
  },
  { id: 'ORG:FSB', name: 'FSB', aliases: ['Federal Security Service'] },
  { id: 'ORG:CIA', name: 'CIA', aliases: ['Central Intelligence Agency'] },
];

/** Seats of government used as metonyms ("the Kremlin said"), mapped to GOV:<ISO3>. */
export const GOVERNMENT_METONYMS: Readonly<Record<string, readonly string[]>> = {
  RUS: ['Kremlin', 'the Kremlin'],
  USA: ['White House', 'the White House', 'Washington administration'],
  GBR: ['Downing Street', 'Whitehall', 'No 10'],
  FRA: ['Elysee', 'Élysée', 'Elysee Palace', 'Élysée Palace', 'Quai d’Orsay'],
  DEU: ['Chancellery'],
  CHN: ['Zhongnanhai'],
  UKR: ['Bankova'],
};

/** Regions and blocs that are neither countries nor organisations. */
export const CURATED_REGIONS: readonly {
  id: string;
  name: string;
  aliases: readonly string[];
  /** The state whose side the place stands for in a dyad (left out where it is disputed). */
  country?: string;
}[] = [
  { id: 'LOC:europe', name: 'Europe', aliases: ['European continent'] },
  { id: 'LOC:asia', name: 'Asia', aliases: [] },
  { id: 'LOC:africa', name: 'Africa', aliases: [] },
  { id: 'LOC:middle-east', name: 'Middle East', aliases: ['Mideast'] },
  { id: 'LOC:latin-america', name: 'Latin America', aliases: [] },
  { id: 'LOC:north-america', name: 'North America', aliases: [] },
  { id: 'LOC:south-america', name: 'South America', aliases: [] },
  { id: 'LOC:balkans', name: 'Balkans', aliases: [] },
  { id: 'LOC:baltic', name: 'Baltic', aliases: ['Baltics', 'Baltic states', 'Baltic Sea'] },
  { id: 'LOC:black-sea', name: 'Black Sea', aliases: [] },
  { id: 'LOC:south-china-sea', name: 'South China Sea', aliases: [] },
  { id: 'LOC:arctic', name: 'Arctic', aliases: [] },
  { id: 'LOC:caucasus', name: 'Caucasus', aliases: [] },
  { id: 'LOC:crimea', name: 'Crimea', aliases: ['Crimean peninsula'] },
  { id: 'LOC:donbas', name: 'Donbas', aliases: ['Donbass', 'Donets Basin'] },
  { id: 'LOC:gaza', name: 'Gaza', aliases: ['Gaza Strip'], country: 'PSE' },
  { id: 'LOC:west-bank', name: 'West Bank', aliases: [] },
  { id: 'LOC:kashmir', name: 'Kashmir', aliases: [] },
  { id: 'LOC:west', name: 'the West', aliases: ['West'] },
];
