/**
 * Capital names in every language the analyzer reads, from Unicode CLDR: a capital that is a
 * time-zone city (Baku, Yerevan, Kabul, Kinshasa, Chisinau, ... 148 of the 247 capitals)
 * has an exemplar city name in each locale of cldr-dates-full (the root name where a locale
 * writes it the same way). Capitals come from
 * world-countries, with the knowledge base's ids (LOC:<slug>, capitalOf the country), so
 * "Баку", "Єреван", "Kabul", "Kinshasa", "كيغالي", "基希讷乌" link to the same capitals as in
 * English and stand for their states. Also the French demonyms of world-countries
 * (arménien, azerbaïdjanais, pakistanais; a form two countries share, congolais, left out).
 * Writes src/core/multilingual/model/place-names.json (committed; both packages are
 * devDependencies). Run: node --import tsx services/analyzer/scripts/build-place-names.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { slugify } from '../src/core/entities/normalize.ts';
import { LANGUAGE_TABLES } from '../src/core/multilingual/languages.ts';

interface WorldCountry {
  cca3: string;
  capital?: string[];
  demonyms?: Record<string, { m: string; f: string }>;
}
type Zones = { [k: string]: Zones | { exemplarCity?: string; _type?: string } };

const require = createRequire(import.meta.url);
const countries = require('world-countries') as WorldCountry[];
const outFile = join(
  dirname(fileURLToPath(import.meta.url)),
  '../src/core/multilingual/model/place-names.json',
);

const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();

function zonesOf(locale: string): Map<string, string> {
  const file = require(`cldr-dates-full/main/${locale}/timeZoneNames.json`) as {
    main: Record<string, { dates: { timeZoneNames: { zone: Zones } } }>;
  };
  const out = new Map<string, string>();
  const walk = (node: Zones, path: string[]) => {
    for (const [k, v] of Object.entries(node)) {
      if (k.startsWith('_')) continue;
      const leaf = v as { _type?: string; exemplarCity?: string };
      if (leaf._type === 'zone' || typeof leaf.exemplarCity === 'string') {
        if (leaf.exemplarCity) out.set([...path, k].join('/'), leaf.exemplarCity);
      } else walk(v as Zones, [...path, k]);
    }
  };
  walk(Object.values(file.main)[0]!.dates.timeZoneNames.zone, []);
  return out;
}

// Zone id -> capital id, by the English name (the zone key or CLDR's English exemplar city).
const english = zonesOf('en');
const capitalByName = new Map<string, string>();
for (const c of countries)
  for (const full of c.capital ?? []) {
    const cap = full.replace(/,? D\.C\.$/, '');
    capitalByName.set(fold(cap), `LOC:${slugify(cap)}`);
  }
const allZones = new Set([...english.keys(), ...zonesOf('ru').keys()]);
const zoneCapital = new Map<string, string>();
for (const zone of allZones) {
  const key = fold(zone.split('/').at(-1)!.replace(/_/g, ' '));
  const id = capitalByName.get(key) ?? capitalByName.get(fold(english.get(zone) ?? ''));
  if (id) zoneCapital.set(zone, id);
}

const locales = new Set<string>();
for (const t of LANGUAGE_TABLES) for (const l of t.countryLocales) locales.add(l);
locales.add('zh-Hant');
const capitals: Record<string, Record<string, string>> = {};
for (const locale of [...locales].sort()) {
  const names = zonesOf(locale);
  const rows: Record<string, string> = {};
  for (const [zone, id] of [...zoneCapital].sort(([a], [b]) => a.localeCompare(b))) {
    // A locale leaves out a name it writes as the root does (German Baku, Kabul): CLDR's
    // inheritance then gives the zone's own city name.
    const name = names.get(zone) ?? zone.split('/').at(-1)!.replace(/_/g, ' ');
    if (!rows[id]) rows[id] = name;
  }
  capitals[locale] = rows;
}
// Demonyms world-countries has beyond English: French (fra), as [ISO3, form] rows.
const byForm = new Map<string, Set<string>>();
for (const c of countries)
  for (const form of Object.values(c.demonyms?.fra ?? {}))
    (byForm.get(form) ?? byForm.set(form, new Set()).get(form)!).add(c.cca3);
const demonyms = {
  fr: [...byForm]
    .filter(([, ids]) => ids.size === 1)
    .map(([form, ids]) => [[...ids][0]!, form])
    .sort(([a], [b]) => a!.localeCompare(b!)),
};
const out = { capitals, demonyms };
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(out, null, 1) + '\n');
process.stdout.write(
  `place names: ${zoneCapital.size} capitals x ${locales.size} locales, ${demonyms.fr.length} French demonyms -> ${outFile}\n`,
);
