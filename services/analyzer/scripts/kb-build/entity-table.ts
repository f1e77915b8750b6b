// The knowledge base as build-kb fills it: entities by id, each source merging into what an
// earlier one wrote, and the finished, sorted entity list.
import type { KbEntity } from '../../src/core/entities/kb-types.ts';
import { slugify } from '../../src/core/entities/normalize.ts';

export class EntityTable {
  readonly byId = new Map<string, KbEntity>();

  /**
   * Adds an entity, or merges it into the one of the same id: its new aliases are appended, its
   * roles and country fill only what the old one lacks. Returns the entity now in the table.
   */
  upsert(e: KbEntity): KbEntity {
    const old = this.byId.get(e.id);
    if (!old) {
      this.byId.set(e.id, e);
      return e;
    }
    for (const a of e.aliases) if (!old.aliases.includes(a)) old.aliases.push(a);
    if (e.roles && !old.roles) old.roles = e.roles;
    if (e.country && !old.country) old.country = e.country;
    return old;
  }

  /**
   * The entities to write, sorted by id: those with a name, without an ORG that is only a person's
   * name, each with its aliases deduplicated and one-letter ones dropped.
   */
  entities(): KbEntity[] {
    const personSlugs = new Set(
      [...this.byId.values()].filter((e) => e.type === 'PER').map((e) => slugify(e.name)),
    );
    return [...this.byId.values()]
      .filter((e) => e.name)
      .filter(
        (e) => !(e.type === 'ORG' && e.id.startsWith('ORG:') && personSlugs.has(e.id.slice(4))),
      )
      .map((e) => ({ ...e, aliases: [...new Set(e.aliases.filter((a) => a && a.length > 1))] }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  }
}
