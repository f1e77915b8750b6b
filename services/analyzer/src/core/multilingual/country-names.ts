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

interface PlaceNames {
  capitals: Record<string, Record<string, string>>;
  demonyms: Record<string, Array<[string, string]>>;
}
let places: PlaceNames | undefined;
const placeNames = () => (places ??= require('./model/place-names.json') as PlaceNames);

/**
 * [capital id, name] rows for the locale: CLDR's exemplar names of the capitals that are
 * time-zone cities (Баку, Єреван, Kaboul, كيغالي, 基希讷乌), built from cldr-dates-full by
 * scripts/build-place-names.ts. A capital stands for its state as in English ("Baku said").
 */
export function capitalNameRows(locale: string): Array<[string, string]> {
  const forLocale = (l: string) => Object.entries(placeNames().capitals[l] ?? {});
  // Chinese: the Traditional (Taiwan, Hong Kong) forms too (葉里溫 beside 埃里温).
  return locale === 'zh' ? [...forLocale('zh'), ...forLocale('zh-Hant')] : forLocale(locale);
}

/** [ISO3, demonym] rows where the data has the locale's demonyms (French: arménien). */
export function demonymRows(locale: string): Array<[string, string]> {
  return placeNames().demonyms[locale] ?? [];
}
