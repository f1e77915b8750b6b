/**
 * Builds the entity knowledge base from the Phoenix/CAMEO actor dictionaries
 * (../shared/data/event-dictionaries), world-countries, and the curated lists in
 * src/core/entities/curated. Writes src/core/entities/model/kb.json.gz (committed).
 * Run: node --import tsx services/analyzer/scripts/build-kb.ts
 *
 * The steps, in order (each merges into what the earlier ones wrote): countries, capitals and
 * governments (kb-build/countries.ts); curated regions and organisations; Phoenix people,
 * places and organisations (kb-build/phoenix.ts); curated people, overriding Phoenix's terms
 * (kb-build/curated.ts); Phoenix agents (kb-build/tabari.ts reads the dictionaries).
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedDataPath } from '@faultline/shared/paths';
import type { KbFile } from '../src/core/entities/kb-types.ts';
import { addCountries } from './kb-build/countries.ts';
import { addCuratedPeople, addCuratedRegionsAndOrgs } from './kb-build/curated.ts';
import { EntityTable } from './kb-build/entity-table.ts';
import { addPhoenixActors } from './kb-build/phoenix.ts';
import { readAgents } from './kb-build/tabari.ts';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '../src/core/entities/model');

const dictDir = sharedDataPath('event-dictionaries');
if (!dictDir) {
  process.stderr.write('build-kb: ../shared/data/event-dictionaries is absent; nothing built\n');
  process.exit(0);
}

const table = new EntityTable();
const countryAlias = addCountries(table);
const orgByCode = addCuratedRegionsAndOrgs(table);
addPhoenixActors(table, dictDir, countryAlias, orgByCode);
addCuratedPeople(table);
const agents = readAgents(join(dictDir, 'Phoenix.agents.txt'));

const entities = table.entities();
const kb: KbFile = { v: 1, entities, agents };
mkdirSync(outDir, { recursive: true });
const gz = gzipSync(JSON.stringify(kb), { level: 9 });
writeFileSync(join(outDir, 'kb.json.gz'), gz);
process.stderr.write(
  `build-kb: ${entities.length} entities, ${Object.keys(agents).length} agents, ${gz.length} bytes\n`,
);
