// Phoenix actors for build-kb: people, places, institutions and organisations from the
// Countries, International and MilNonState actor dictionaries.
import { join } from 'node:path';
import type { KbEntity } from '../../src/core/entities/kb-types.ts';
import { slugify } from '../../src/core/entities/normalize.ts';
import type { EntityTable } from './entity-table.ts';
import { displayName, readRecords, type RawRecord } from './tabari.ts';

const ORG_WORDS =
  /\b(COUNCIL|COMMITTEE|AGENCY|FUND|UNION|ORGANI[SZ]ATION|ASSOCIATION|BANK|COURT|COMMISSION|PROGRAM|OFFICE|FORCE|MISSION|PARTY|FRONT|ARMY|GROUP|MOVEMENT|INSTITUTE|NETWORK|WATCH|INTERNATIONAL|FOUNDATION|CENTRE|CENTER|TRIBUNAL|SECRETARIAT|DEPARTMENT)\b/;

function personFrom(table: EntityTable, r: RawRecord, country: string | undefined): void {
  const name = displayName(r.names[0]!);
  const id = `PER:${slugify(name)}`;
  table.upsert({
    id,
    name,
    type: 'PER',
    ...(country ? { country } : {}),
    roles: r.codes,
    aliases: r.names.map((n) => displayName(n)),
  });
}

/**
 * Adds the Phoenix actors of `dictDir` to a table that holds the countries (`countryAlias`:
 * folded country name -> ISO3) and the curated organisations (`orgByCode`, which international
 * records of the same code merge into).
 */
export function addPhoenixActors(
  table: EntityTable,
  dictDir: string,
  countryAlias: ReadonlyMap<string, string>,
  orgByCode: ReadonlyMap<string, KbEntity>,
): void {
  const countryRecords = readRecords(join(dictDir, 'Phoenix.Countries.actors.txt'));
  // First names of the country dictionaries' people, to tell a person from an organisation.
  const firstNames = new Set<string>();
  for (const r of countryRecords)
    if (r.comment.includes('CountryInfo')) firstNames.add(r.names[0]!.split('_')[0]!);
  addCountryActors(table, countryRecords, countryAlias);
  for (const file of ['Phoenix.International.actors.txt', 'Phoenix.MilNonState.actors.txt'])
    addInternationalActors(table, readRecords(join(dictDir, file)), firstNames, orgByCode);
}

/** The country dictionary: country sections (synonyms, demonyms, places), people, institutions. */
function addCountryActors(
  table: EntityTable,
  countryRecords: readonly RawRecord[],
  countryAlias: ReadonlyMap<string, string>,
): void {
  for (const r of countryRecords) {
    const first = r.names[0]!;
    const iso = r.codes.find((c) => /^[A-Z]{3}$/.test(c[0]))?.[0];
    const isCountrySection =
      iso !== undefined &&
      table.byId.has(iso) &&
      !r.comment.includes('CountryInfo') &&
      (r.codes.length === 1 || countryAlias.get(displayName(first).toLowerCase()) === iso);
    if (iso && isCountrySection) {
      // A country section: synonyms are country names, demonyms, or places within it.
      const country = table.byId.get(iso)!;
      for (const n of r.names) {
        const d = displayName(n);
        const low = d.toLowerCase();
        if (countryAlias.get(low) === iso || n === first) country.aliases.push(d);
        else if (/(IAN|EAN|ISH|ESE)_?$/.test(n) && n.split('_').filter(Boolean).length === 1)
          country.demonyms!.push(d);
        else
          table.upsert({
            id: `LOC:${slugify(d)}`,
            name: d,
            type: 'LOC',
            country: iso,
            aliases: [d],
          });
      }
      continue;
    }
    const country = r.codes.map((c) => c[0].slice(0, 3)).find((c) => table.byId.has(c));
    if (r.comment.includes('CountryInfo')) personFrom(table, r, country);
    else if (
      r.codes.some((c) => c[0].endsWith('GOV')) &&
      r.names.some((n) => /KREMLIN|WHITE_HOUSE/.test(n))
    ) {
      table.upsert({
        id: `GOV:${country}`,
        name: '',
        type: 'ORG',
        aliases: r.names.map((n) => displayName(n)),
      });
    } else if (country) {
      const name = displayName(first, true);
      table.upsert({
        id: `ORG:${slugify(name)}`,
        name,
        type: 'ORG',
        country,
        roles: r.codes,
        aliases: r.names.map((n) => displayName(n, true)),
      });
    }
  }
}

/** An international or non-state dictionary: people, and organisations (merged by code). */
function addInternationalActors(
  table: EntityTable,
  records: readonly RawRecord[],
  firstNames: ReadonlySet<string>,
  orgByCode: ReadonlyMap<string, KbEntity>,
): void {
  for (const r of records) {
    const first = r.names[0]!;
    const words = first.split(/[_ ]+/).filter(Boolean);
    const isPerson =
      r.comment.includes('IGOrulers') ||
      (words.length >= 2 &&
        words.length <= 4 &&
        !ORG_WORDS.test(first.replace(/_/g, ' ')) &&
        firstNames.has(words[0]!));
    const code = r.codes[0]?.[0];
    const prefix = code?.slice(0, 3);
    const country = prefix && table.byId.has(prefix) ? prefix : undefined;
    if (isPerson) {
      personFrom(table, r, country);
      continue;
    }
    const merged = code && r.codes.length === 1 ? orgByCode.get(code) : undefined;
    if (merged) {
      for (const n of r.names)
        if (!firstNames.has(n.split(/[_ ]+/)[0]!)) merged.aliases.push(displayName(n, true));
      continue;
    }
    const name = displayName(first, true);
    table.upsert({
      id: `ORG:${slugify(name)}`,
      name,
      type: 'ORG',
      ...(country ? { country } : {}),
      roles: r.codes,
      aliases: r.names.map((n) => displayName(n, true)),
    });
  }
}
