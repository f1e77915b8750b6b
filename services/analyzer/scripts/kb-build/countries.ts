// Countries for build-kb, from world-countries: each country (names, altSpellings, demonyms),
// its capitals and its government (with the curated metonyms, "the Kremlin").
import { createRequire } from 'node:module';
import { GOVERNMENT_METONYMS } from '../../src/core/entities/curated/orgs.ts';
import { slugify } from '../../src/core/entities/normalize.ts';
import type { EntityTable } from './entity-table.ts';

interface WorldCountry {
  name: { common: string; official: string };
  cca3: string;
  capital?: string[];
  altSpellings?: string[];
  demonyms?: { eng?: { m: string; f: string } };
  independent?: boolean;
}

const require = createRequire(import.meta.url);
const countries = require('world-countries') as WorldCountry[];

const EXTRA_COUNTRY_ALIASES: Record<string, string[]> = {
  USA: [
    'US',
    'U.S.',
    'U.S',
    'USA',
    'U.S.A.',
    'United States',
    'the United States',
    'America',
    'United States of America',
  ],
  GBR: ['UK', 'U.K.', 'Britain', 'Great Britain', 'United Kingdom'],
  RUS: ['Russian Federation'],
  ARE: ['UAE', 'U.A.E.'],
  PRK: ['North Korea', 'DPRK'],
  KOR: ['South Korea'],
  COD: ['DR Congo', 'DRC', 'Democratic Republic of Congo'],
  CZE: ['Czech Republic'],
  PSE: ['Palestinian territories', 'Palestine'],
  TWN: ['Taiwan'],
  NLD: ['Holland'],
};
const EXTRA_DEMONYMS: Record<string, string[]> = {
  USA: ['American', 'Americans', 'U.S.', 'US'],
  GBR: ['British', 'Briton', 'Britons', 'English', 'Scottish', 'Welsh'],
  RUS: ['Russian', 'Russians', 'Soviet'],
  FIN: ['Finnish', 'Finn', 'Finns'],
  DEU: ['German', 'Germans'],
  FRA: ['French', 'Frenchman'],
  NLD: ['Dutch'],
  CHN: ['Chinese'],
  PSE: ['Palestinian', 'Palestinians'],
  ISR: ['Israeli', 'Israelis'],
};

/** Adds every country, capital and government; returns folded country name -> ISO3. */
export function addCountries(table: EntityTable): Map<string, string> {
  const countryAlias = new Map<string, string>();
  for (const c of countries) {
    const names = new Set([
      c.name.common,
      c.name.official,
      ...(EXTRA_COUNTRY_ALIASES[c.cca3] ?? []),
    ]);
    for (const a of c.altSpellings ?? []) if (a.length > 3 && !/^[A-Z]{2,3}$/.test(a)) names.add(a);
    const demonyms = new Set<string>(EXTRA_DEMONYMS[c.cca3] ?? []);
    const dm = c.demonyms?.eng;
    if (dm) {
      demonyms.add(dm.m);
      demonyms.add(dm.f);
      if (/an$|i$/.test(dm.m)) demonyms.add(dm.m + 's');
    }
    table.upsert({
      id: c.cca3,
      name: c.name.common,
      type: 'LOC',
      country: c.cca3,
      roles: [[c.cca3, null, null]],
      aliases: [...names],
      demonyms: [...demonyms],
    });
    for (const n of names) countryAlias.set(n.toLowerCase(), c.cca3);
    for (const full of c.capital ?? []) {
      const cap = full.replace(/,? D\.C\.$/, '');
      table.upsert({
        id: `LOC:${slugify(cap)}`,
        name: cap,
        type: 'LOC',
        country: c.cca3,
        aliases: [cap, full],
        capitalOf: c.cca3,
      });
    }
    table.upsert({
      id: `GOV:${c.cca3}`,
      name: `Government of ${c.name.common}`,
      type: 'ORG',
      country: c.cca3,
      roles: [[`${c.cca3}GOV`, null, null]],
      aliases: [...(GOVERNMENT_METONYMS[c.cca3] ?? [])],
    });
  }
  return countryAlias;
}
