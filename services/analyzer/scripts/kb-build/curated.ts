// The curated lists of src/core/entities/curated for build-kb: regions and organisations
// (before Phoenix, which merges into them) and people (after, overriding Phoenix's terms).
import type { KbEntity, RoleSpan } from '../../src/core/entities/kb-types.ts';
import { CURATED_PEOPLE } from '../../src/core/entities/curated/leaders.ts';
import { CURATED_ORGS, CURATED_REGIONS } from '../../src/core/entities/curated/orgs.ts';
import { slugify } from '../../src/core/entities/normalize.ts';
import type { EntityTable } from './entity-table.ts';

/** Adds the curated regions and organisations; returns each coded organisation by its code. */
export function addCuratedRegionsAndOrgs(table: EntityTable): Map<string, KbEntity> {
  for (const r of CURATED_REGIONS)
    table.upsert({
      id: r.id,
      name: r.name,
      type: 'LOC',
      aliases: [r.name, ...r.aliases],
      ...(r.country ? { country: r.country } : {}),
    });
  const orgByCode = new Map<string, KbEntity>();
  for (const o of CURATED_ORGS) {
    const e = table.upsert({
      id: o.id,
      name: o.name,
      type: 'ORG',
      aliases: [o.name, ...o.aliases],
      ...(o.code ? { roles: [[o.code, null, null]] } : {}),
    });
    if (o.code) orgByCode.set(o.code, e);
  }
  return orgByCode;
}

/**
 * Adds the curated people: their name, country and terms override what Phoenix said, and a
 * Phoenix person of the same country carrying one of their full names is absorbed.
 */
export function addCuratedPeople(table: EntityTable): void {
  for (const p of CURATED_PEOPLE) {
    const id = `PER:${slugify(p.name)}`;
    const e = table.upsert({
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
    for (const other of table.byId.values()) {
      if (other === e || other.type !== 'PER' || other.country !== p.country) continue;
      if (!other.aliases.some((a) => names.has(slugify(a)))) continue;
      for (const a of other.aliases) if (!e.aliases.includes(a)) e.aliases.push(a);
      table.byId.delete(other.id);
    }
  }
}
