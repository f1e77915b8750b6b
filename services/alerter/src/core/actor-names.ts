// Readable names for the actor ids in dyads (ISO 3166-1 alpha-3 countries, ORG:<ACRONYM>,
// GOV:<ISO3>), for alert titles such as "Russia–NATO tension ...". Unknown ids fall back to the
// id itself (without its ORG: prefix), which stays unambiguous.

const COUNTRIES: Record<string, string> = {
  AFG: 'Afghanistan',
  ARE: 'UAE',
  ARM: 'Armenia',
  AUS: 'Australia',
  AZE: 'Azerbaijan',
  BLR: 'Belarus',
  BRA: 'Brazil',
  CAN: 'Canada',
  CHN: 'China',
  CUB: 'Cuba',
  DEU: 'Germany',
  EGY: 'Egypt',
  ESP: 'Spain',
  EST: 'Estonia',
  ETH: 'Ethiopia',
  FIN: 'Finland',
  FRA: 'France',
  GBR: 'UK',
  GEO: 'Georgia',
  GRC: 'Greece',
  IND: 'India',
  IRN: 'Iran',
  IRQ: 'Iraq',
  ISR: 'Israel',
  ITA: 'Italy',
  JPN: 'Japan',
  KAZ: 'Kazakhstan',
  KOR: 'South Korea',
  LBN: 'Lebanon',
  LBY: 'Libya',
  LTU: 'Lithuania',
  LVA: 'Latvia',
  MDA: 'Moldova',
  MEX: 'Mexico',
  NGA: 'Nigeria',
  NOR: 'Norway',
  PAK: 'Pakistan',
  PHL: 'Philippines',
  POL: 'Poland',
  PRK: 'North Korea',
  PSE: 'Palestine',
  QAT: 'Qatar',
  ROU: 'Romania',
  RUS: 'Russia',
  SAU: 'Saudi Arabia',
  SDN: 'Sudan',
  SRB: 'Serbia',
  SWE: 'Sweden',
  SYR: 'Syria',
  TUR: 'Turkey',
  TWN: 'Taiwan',
  UKR: 'Ukraine',
  USA: 'US',
  VEN: 'Venezuela',
  VNM: 'Vietnam',
  YEM: 'Yemen',
  ZAF: 'South Africa',
};

/** "RUS" and "GOV:RUS" -> "Russia" (a government stands for its country), "ORG:NATO" -> "NATO". */
export function actorName(id: string): string {
  const upper = id.toUpperCase();
  if (upper.startsWith('ORG:')) return id.slice(4);
  if (upper.startsWith('GOV:')) {
    return COUNTRIES[upper.slice(4)] ?? id.slice(4);
  }
  return COUNTRIES[upper] ?? id;
}
