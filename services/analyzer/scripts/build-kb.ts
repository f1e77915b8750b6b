/**
 * Builds the entity knowledge base from the Phoenix/CAMEO actor dictionaries
 * (../shared/data/event-dictionaries), world-countries, and the curated lists in
 * src/core/entities/curated. Writes src/core/entities/model/kb.json.gz (committed).
 * Run: node --import tsx services/analyzer/scripts/build-kb.ts
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { sharedDataPath } from '@faultline/shared/paths';
import type { KbEntity, KbFile, RoleSpan } from '../src/core/entities/kb-types.ts';
import { CURATED_PEOPLE } from '../src/core/entities/curated/leaders.ts';
import {
  CURATED_ORGS,
  CURATED_REGIONS,
  GOVERNMENT_METONYMS,
} from '../src/core/entities/curated/orgs.ts';
import { slugify } from '../src/core/entities/normalize.ts';

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
const outDir = join(dirname(fileURLToPath(import.meta.url)), '../src/core/entities/model');

const dictDir = sharedDataPath('event-dictionaries');
if (!dictDir) {
  process.stderr.write('build-kb: ../shared/data/event-dictionaries is absent; nothing built\n');
  process.exit(0);
}

const byId = new Map<string, KbEntity>();
function upsert(e: KbEntity): KbEntity {
  const old = byId.get(e.id);
  if (!old) {
    byId.set(e.id, e);
    return e;
  }
  for (const a of e.aliases) if (!old.aliases.includes(a)) old.aliases.push(a);
  if (e.roles && !old.roles) old.roles = e.roles;
  if (e.country && !old.country) old.country = e.country;
  return old;
}

/** "VLADIMIR_V._PUTIN_" -> "Vladimir V. Putin"; acronyms (no vowels or <=4 letters in an ORG) stay upper. */
function displayName(raw: string, keepUpper = false): string {
  const words = raw.replace(/_+$/, '').split(/[_ ]+/).filter(Boolean);
  return words
    .map((w) => {
      if (
        keepUpper &&
        !/^(THE|OF|AND|FOR|IN|ON|TO)$/.test(w) &&
        (w.length <= 4 || !/[AEIOUY]/.test(w))
      )
        return w;
      return w
        .toLowerCase()
        .replace(/(^|[-.'(])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase());
    })
    .join(' ')
    .replace(/ (Of|The|And|For|In|On|De|Da|Al|Von|Der|La|Le|Du|Van) /g, (m) => m.toLowerCase());
}

function parseDate(s: string): string {
  const d = s.length === 6 ? (Number(s.slice(0, 2)) < 30 ? '20' : '19') + s : s;
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
}

/** "[RUSGOV 991231-080507]" / "[RUSGOV >080508]" / "[RUSELI]" -> role spans. */
function parseCodes(line: string): RoleSpan[] {
  const out: RoleSpan[] = [];
  for (const m of line.matchAll(/\[([A-Z~]{3,}[A-Z]*)\s*([<>]?\d{6,8})?(?:-(\d{6,8}))?\]/g)) {
    const code = m[1]!;
    if (code.startsWith('~') || code === '---') continue;
    const a = m[2];
    if (!a) out.push([code, null, null]);
    else if (a.startsWith('>')) out.push([code, parseDate(a.slice(1)), null]);
    else if (a.startsWith('<')) out.push([code, null, parseDate(a.slice(1))]);
    else out.push([code, parseDate(a), m[3] ? parseDate(m[3]) : null]);
  }
  return out;
}

interface RawRecord {
  names: string[];
  codes: RoleSpan[];
  comment: string;
}

/** Splits a TABARI actor file into records: name lines, then code lines. */
function readRecords(file: string): RawRecord[] {
  const out: RawRecord[] = [];
  let cur: RawRecord | null = null;
  let sawCodes = false;
  let inline = false;
  for (const rawLine of readFileSync(join(dictDir!, file), 'utf8').split('\n')) {
    if (!rawLine.trim() || rawLine.startsWith('#')) continue;
    const isCodeLine = /^\s/.test(rawLine) && rawLine.trim().startsWith('[');
    if (isCodeLine) {
      if (cur) cur.codes.push(...parseCodes(rawLine));
      sawCodes = true;
      continue;
    }
    const [body = '', comment = ''] = rawLine.split(/#(.*)/s);
    const bracket = body.indexOf('[');
    const name = (bracket >= 0 ? body.slice(0, bracket) : body).replace(/^\+/, '').trim();
    const isPlus = rawLine.startsWith('+');
    const isSyn = cur !== null && !sawCodes && (isPlus || (!inline && !comment && bracket < 0));
    if (!cur || !isSyn) {
      cur = { names: [], codes: [], comment: '' };
      out.push(cur);
      sawCodes = false;
      inline = false;
    }
    if (name) cur.names.push(name);
    if (comment) cur.comment += comment;
    if (bracket >= 0) {
      cur.codes.push(...parseCodes(body.slice(bracket)));
      if (isPlus || cur.names.length > 1) sawCodes = true;
      else inline = true;
    }
  }
  return out.filter((r) => r.names.length > 0);
}

// ---- countries, capitals, demonyms, governments ----
const countryAlias = new Map<string, string>(); // folded name -> ISO3
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
for (const c of countries) {
  const names = new Set([c.name.common, c.name.official, ...(EXTRA_COUNTRY_ALIASES[c.cca3] ?? [])]);
  for (const a of c.altSpellings ?? []) if (a.length > 3 && !/^[A-Z]{2,3}$/.test(a)) names.add(a);
  const demonyms = new Set<string>(EXTRA_DEMONYMS[c.cca3] ?? []);
  const dm = c.demonyms?.eng;
  if (dm) {
    demonyms.add(dm.m);
    demonyms.add(dm.f);
    if (/an$|i$/.test(dm.m)) demonyms.add(dm.m + 's');
  }
  upsert({
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
    upsert({
      id: `LOC:${slugify(cap)}`,
      name: cap,
      type: 'LOC',
      country: c.cca3,
      aliases: [cap, full],
      capitalOf: c.cca3,
    });
  }
  upsert({
    id: `GOV:${c.cca3}`,
    name: `Government of ${c.name.common}`,
    type: 'ORG',
    country: c.cca3,
    roles: [[`${c.cca3}GOV`, null, null]],
    aliases: [...(GOVERNMENT_METONYMS[c.cca3] ?? [])],
  });
}
for (const r of CURATED_REGIONS)
  upsert({ id: r.id, name: r.name, type: 'LOC', aliases: [r.name, ...r.aliases] });
const orgByCode = new Map<string, KbEntity>();
for (const o of CURATED_ORGS) {
  const e = upsert({
    id: o.id,
    name: o.name,
    type: 'ORG',
    aliases: [o.name, ...o.aliases],
    ...(o.code ? { roles: [[o.code, null, null]] } : {}),
  });
  if (o.code) orgByCode.set(o.code, e);
}

// ---- Phoenix: people, places, institutions, organisations ----
const firstNames = new Set<string>();
const countryRecords = readRecords('Phoenix.Countries.actors.txt');
for (const r of countryRecords)
  if (r.comment.includes('CountryInfo')) firstNames.add(r.names[0]!.split('_')[0]!);
const ORG_WORDS =
  /\b(COUNCIL|COMMITTEE|AGENCY|FUND|UNION|ORGANI[SZ]ATION|ASSOCIATION|BANK|COURT|COMMISSION|PROGRAM|OFFICE|FORCE|MISSION|PARTY|FRONT|ARMY|GROUP|MOVEMENT|INSTITUTE|NETWORK|WATCH|INTERNATIONAL|FOUNDATION|CENTRE|CENTER|TRIBUNAL|SECRETARIAT|DEPARTMENT)\b/;

function personFrom(r: RawRecord, country: string | undefined): void {
  const name = displayName(r.names[0]!);
  const id = `PER:${slugify(name)}`;
  upsert({
    id,
    name,
    type: 'PER',
    ...(country ? { country } : {}),
    roles: r.codes,
    aliases: r.names.map((n) => displayName(n)),
  });
}

for (const r of countryRecords) {
  const first = r.names[0]!;
  const iso = r.codes.find((c) => /^[A-Z]{3}$/.test(c[0]))?.[0];
  const isCountrySection =
    iso !== undefined &&
    byId.has(iso) &&
    !r.comment.includes('CountryInfo') &&
    (r.codes.length === 1 || countryAlias.get(displayName(first).toLowerCase()) === iso);
  if (iso && isCountrySection) {
    // A country section: synonyms are country names, demonyms, or places within it.
    const country = byId.get(iso)!;
    for (const n of r.names) {
      const d = displayName(n);
      const low = d.toLowerCase();
      if (countryAlias.get(low) === iso || n === first) country.aliases.push(d);
      else if (/(IAN|EAN|ISH|ESE)_?$/.test(n) && n.split('_').filter(Boolean).length === 1)
        country.demonyms!.push(d);
      else upsert({ id: `LOC:${slugify(d)}`, name: d, type: 'LOC', country: iso, aliases: [d] });
    }
    continue;
  }
  const country = r.codes.map((c) => c[0].slice(0, 3)).find((c) => byId.has(c));
  if (r.comment.includes('CountryInfo')) personFrom(r, country);
  else if (
    r.codes.some((c) => c[0].endsWith('GOV')) &&
    r.names.some((n) => /KREMLIN|WHITE_HOUSE/.test(n))
  ) {
    upsert({
      id: `GOV:${country}`,
      name: '',
      type: 'ORG',
      aliases: r.names.map((n) => displayName(n)),
    });
  } else if (country) {
    const name = displayName(first, true);
    upsert({
      id: `ORG:${slugify(name)}`,
      name,
      type: 'ORG',
      country,
      roles: r.codes,
      aliases: r.names.map((n) => displayName(n, true)),
    });
  }
}
for (const file of ['Phoenix.International.actors.txt', 'Phoenix.MilNonState.actors.txt']) {
  for (const r of readRecords(file)) {
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
    const country = prefix && byId.has(prefix) ? prefix : undefined;
    if (isPerson) {
      personFrom(r, country);
      continue;
    }
    const merged = code && r.codes.length === 1 ? orgByCode.get(code) : undefined;
    if (merged) {
      for (const n of r.names)
        if (!firstNames.has(n.split(/[_ ]+/)[0]!)) merged.aliases.push(displayName(n, true));
      continue;
    }
    const name = displayName(first, true);
    upsert({
      id: `ORG:${slugify(name)}`,
      name,
      type: 'ORG',
      ...(country ? { country } : {}),
      roles: r.codes,
      aliases: r.names.map((n) => displayName(n, true)),
    });
  }
}

// ---- curated people override Phoenix terms ----
for (const p of CURATED_PEOPLE) {
  const id = `PER:${slugify(p.name)}`;
  const e = upsert({
    id,
    name: p.name,
    type: 'PER',
    country: p.country,
    aliases: [p.name, ...(p.aliases ?? [])],
  });
  e.name = p.name;
  e.country = p.country;
  e.roles = p.terms.map((t) => [t[0], t[1], t[2]] as RoleSpan);
  // Absorb Phoenix duplicates spelt differently ("Sergey Lavrov") carrying one of our full names.
  const names = new Set(
    [p.name, ...(p.aliases ?? [])].filter((a) => a.includes(' ')).map((a) => slugify(a)),
  );
  for (const other of byId.values()) {
    if (other === e || other.type !== 'PER' || other.country !== p.country) continue;
    if (!other.aliases.some((a) => names.has(slugify(a)))) continue;
    for (const a of other.aliases) if (!e.aliases.includes(a)) e.aliases.push(a);
    byId.delete(other.id);
  }
}

// ---- agents ----
const agents: Record<string, string> = {};
for (const line of readFileSync(join(dictDir, 'Phoenix.agents.txt'), 'utf8').split('\n')) {
  const m = /^([A-Z][A-Z_'-]*?)_?\s*(?:\{[^}]*\})?\s*\[~([A-Z]{3})/.exec(line);
  if (m) agents[m[1]!.replace(/_/g, ' ').toLowerCase()] = m[2]!;
}

const personSlugs = new Set(
  [...byId.values()].filter((e) => e.type === 'PER').map((e) => slugify(e.name)),
);
const entities = [...byId.values()]
  .filter((e) => e.name)
  .filter((e) => !(e.type === 'ORG' && e.id.startsWith('ORG:') && personSlugs.has(e.id.slice(4))))
  .map((e) => ({ ...e, aliases: [...new Set(e.aliases.filter((a) => a && a.length > 1))] }))
  .sort((a, b) => (a.id < b.id ? -1 : 1));
const kb: KbFile = { v: 1, entities, agents };
mkdirSync(outDir, { recursive: true });
const gz = gzipSync(JSON.stringify(kb), { level: 9 });
writeFileSync(join(outDir, 'kb.json.gz'), gz);
process.stderr.write(
  `build-kb: ${entities.length} entities, ${Object.keys(agents).length} agents, ${gz.length} bytes\n`,
);
