import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries/index.js';

// Country names in a language, from i18n-iso-countries (CLDR-derived names for ~80 locales,
// official and short forms). Only the requested locales are loaded (~10 KB of JSON each).

const require = createRequire(import.meta.url);
const registered = new Set<string>();

/** [ISO3, name] rows for every country the locale names (several names per country). */
export function countryNameRows(locale: string): Array<[string, string]> {
  if (!registered.has(locale)) {
    countries.registerLocale(
      require(`i18n-iso-countries/langs/${locale}.json`) as Parameters<
        typeof countries.registerLocale
      >[0],
    );
    registered.add(locale);
  }
  const out: Array<[string, string]> = [];
  for (const [a2, names] of Object.entries(countries.getNames(locale, { select: 'all' }))) {
    const a3 = a2 === 'XK' ? 'UNK' : countries.alpha2ToAlpha3(a2); // Kosovo: the KB's code
    if (!a3) continue;
    for (const n of names) out.push([a3, n]);
  }
  return out;
}
