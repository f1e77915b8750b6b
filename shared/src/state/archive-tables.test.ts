import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as Row from './archive-record.ts';
import * as T from './archive-tables.ts';

// archive-tables.ts and the archive's migrations describe the same tables: every table, column
// (with its type and nullability), primary key and partition column of one is in the other, and
// the partition functions list exactly the partitioned tables. The rows of archive-record.ts
// have a field for each column (checked by the compiler, below).

const dir = join(import.meta.dirname, '../../../services/archive/migrations');
/** The Up part of every migration, oldest first, without comments. */
const up = readdirSync(dir)
  .filter((f) => f.endsWith('.sql'))
  .sort()
  .map((f) => readFileSync(join(dir, f), 'utf8').split('-- Down Migration')[0]!)
  .join('\n')
  .replace(/--[^\n]*/g, '');

interface Ddl {
  columns: Record<string, string>;
  primaryKey: string[];
  partitionedBy?: string;
  cascadesFrom?: string;
}

const TYPE_END = /\s+(NOT\s+NULL|NULL|DEFAULT|PRIMARY\s+KEY|REFERENCES|UNIQUE|CHECK)\b.*$/is;

/** The tables as the migrations leave them: CREATE TABLE, then ALTER TABLE ... COLUMN. */
function tablesOfMigrations(): Map<string, Ddl> {
  const out = new Map<string, Ddl>();
  const statements = up.split(/;\s*\n/).map((s) => s.trim());
  for (const sql of statements) {
    const create = /^CREATE TABLE (\w+) \(\n([\s\S]*)\n\)(?: PARTITION BY RANGE \((\w+)\))?$/.exec(
      sql,
    );
    if (create) {
      const [, name, body, partitionedBy] = create;
      const ddl: Ddl = { columns: {}, primaryKey: [], ...(partitionedBy ? { partitionedBy } : {}) };
      for (const line of body!.split('\n').map((l) => l.trim().replace(/,$/, ''))) {
        const pk = /^PRIMARY KEY \(([^)]+)\)$/.exec(line);
        if (pk) ddl.primaryKey = pk[1]!.split(',').map((c) => c.trim());
        else {
          const [, column, rest] = /^(\w+)\s+(.+)$/.exec(line) ?? [];
          if (!column || !rest) throw new Error(`${name}: cannot read "${line}"`);
          const primary = /\bPRIMARY KEY\b/i.test(rest);
          if (primary) ddl.primaryKey = [column];
          const notNull = primary || /\bNOT NULL\b/i.test(rest);
          ddl.columns[column] =
            `${rest.replace(TYPE_END, '').toLowerCase()}${notNull ? ' not null' : ''}`;
          const ref = /\bREFERENCES (\w+) \(\w+\) ON DELETE CASCADE\b/i.exec(rest);
          if (ref) ddl.cascadesFrom = ref[1]!;
        }
      }
      for (const c of ddl.primaryKey)
        ddl.columns[c] = ddl.columns[c]!.replace(/( not null)?$/, ' not null');
      out.set(name!, ddl);
      continue;
    }
    expect(sql, 'a CREATE TABLE this test cannot read').not.toMatch(/^CREATE TABLE/);
    const alter = /^ALTER TABLE (\w+) (.+)$/s.exec(sql);
    if (!alter || !out.has(alter[1]!)) continue;
    const ddl = out.get(alter[1]!)!;
    const action = alter[2]!.replace(/\s+/g, ' ');
    let m: RegExpExecArray | null;
    if ((m = /^ADD COLUMN (?:IF NOT EXISTS )?(\w+) (.+)$/i.exec(action)))
      ddl.columns[m[1]!] =
        `${m[2]!.replace(TYPE_END, '').toLowerCase()}${/\bNOT NULL\b/i.test(m[2]!) ? ' not null' : ''}`;
    else if ((m = /^DROP COLUMN (?:IF EXISTS )?(\w+)/i.exec(action))) delete ddl.columns[m[1]!];
    else if (/^ALTER COLUMN \w+ SET (STORAGE|STATISTICS|DEFAULT)\b/i.test(action)) continue;
    else
      throw new Error(`ALTER TABLE ${alter[1]} ${action}: teach archive-tables.test.ts to read it`);
  }
  return out;
}

const ddl = tablesOfMigrations();

describe('archive tables', () => {
  it('are the tables the migrations make, column for column', () => {
    expect(T.ARCHIVE_TABLES.map((t) => t.name).sort()).toEqual([...ddl.keys()].sort());
    for (const t of T.ARCHIVE_TABLES) {
      const d = ddl.get(t.name)!;
      // Same columns, same types, in the same order.
      expect(Object.entries(t.columns), t.name).toEqual(Object.entries(d.columns));
      expect(t.primaryKey, t.name).toEqual(d.primaryKey);
      expect(t.partitionedBy, t.name).toEqual(d.partitionedBy);
      // Dropping whole partitions is the retention of exactly the partitioned tables.
      expect(t.retention.kind === 'drop-partitions', t.name).toBe(d.partitionedBy !== undefined);
      if (t.retention.kind === 'delete-older') expect(t.columns).toHaveProperty(t.retention.column);
      expect(t.retention.kind === 'with-parent' ? t.retention.parent : undefined, t.name).toEqual(
        d.cascadesFrom,
      );
    }
  });

  it('are partitioned by the functions the module calls, over the partitioned tables', () => {
    const partitioned = T.PARTITIONED_TABLES.map((t) => t.name).sort();
    expect(partitioned.length).toBeGreaterThan(3);
    for (const sql of [T.ENSURE_PARTITIONS_SQL, T.DROP_PARTITIONS_SQL]) {
      const name = /SELECT (\w+)\(/.exec(sql)![1]!;
      const fn = new RegExp(`CREATE (?:OR REPLACE )?FUNCTION ${name}\\(([\\s\\S]*?)\\$\\$;`, 'g');
      const body = [...up.matchAll(fn)].pop()?.[1];
      expect(body, name).toBeDefined();
      const lists = [...body!.matchAll(/(?:ARRAY\[|IN \()((?:'\w+',?\s*)+)[\])]/g)];
      expect(lists.length, name).toBeGreaterThan(0);
      for (const l of lists)
        expect([...l[1]!.matchAll(/'(\w+)'/g)].map((m) => m[1]).sort(), name).toEqual(partitioned);
    }
  });

  it('take rows with a field for each column', () => {
    // camelCase field -> snake_case column, as the writer's json_to_recordset spreads them.
    type Snake<S extends string> = S extends `${infer H}${infer R}`
      ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${Snake<R>}`
      : S;
    type Fields<R> = Snake<keyof R & string>;
    type Columns<A> = A extends T.ArchiveTable<infer C> ? C : never;
    expectTypeOf<Exclude<Fields<Row.ItemRow>, 'search_title' | 'search_body'>>().toEqualTypeOf<
      Exclude<Columns<typeof T.ITEMS>, 'tsv'>
    >();
    expectTypeOf<Fields<Row.StoryRow>>().toEqualTypeOf<Columns<typeof T.STORIES>>();
    expectTypeOf<Fields<Row.SourceRow>>().toEqualTypeOf<Columns<typeof T.STORY_SOURCES>>();
    expectTypeOf<Fields<Row.EntityRow>>().toEqualTypeOf<Columns<typeof T.ENTITIES>>();
    expectTypeOf<Fields<Row.MentionRow>>().toEqualTypeOf<Columns<typeof T.MENTIONS>>();
    expectTypeOf<Fields<Row.DyadRow>>().toEqualTypeOf<Columns<typeof T.DYAD_TENSION>>();
    expectTypeOf<Fields<Row.AlertRow>>().toEqualTypeOf<Columns<typeof T.ALERTS>>();
    expectTypeOf<Fields<Row.DeliveryRow>>().toEqualTypeOf<Columns<typeof T.DELIVERIES>>();
    expectTypeOf<Exclude<Fields<Row.TensionEventRow>, 'window'> | 'window_'>().toEqualTypeOf<
      Columns<typeof T.TENSION_EVENTS>
    >();
  });
});
