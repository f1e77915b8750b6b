import { describe, expect, it } from 'vitest';
import { archiveItem } from '../fixtures/items.ts';
import { toItemRows } from './item-rows.ts';
import { toReplayItem } from './replay-item.ts';

describe('toReplayItem', () => {
  it('puts an item back together from its archived rows', () => {
    const item = archiveItem(4);
    const rows = toItemRows(item);
    const back = toReplayItem(
      { ...rows.item, evidence: rows.item.evidence },
      rows.mentions.map((m) => {
        const e = rows.entities.find((x) => x.entityId === m.entityId)!;
        return { ...m, name: e.name, type: e.type, country: e.country };
      }),
      rows.dyads,
      rows.sources,
    );
    expect(back.tension).toEqual(item.tension);
    expect(back.paragraphs).toEqual(item.paragraphs);
    const byId = (a: { id: string | null }, b: { id: string | null }) => (a.id! < b.id! ? -1 : 1);
    expect([...back.entities].sort(byId)).toEqual([...item.entities].sort(byId));
    expect(back.sources.map((s) => s.itemId)).toEqual(
      item.sources.map((s) => s.itemId).filter((id) => id !== item.itemId),
    );
    expect(back.language.code).toBe(item.language.code);
  });

  it('reads an unknown level or type as the safe one', () => {
    const rows = toItemRows(archiveItem(1));
    const back = toReplayItem(
      { ...rows.item, tensionLevel: 'extreme', evidence: null },
      [
        {
          itemId: 'x',
          entityId: 'E',
          name: 'E',
          type: 'THING',
          country: null,
          role: null,
          count: 0,
          salience: 2,
        },
      ],
      [],
      [],
    );
    expect(back.tension.level).toBe('none');
    expect(back.tension.topics).toEqual([]);
    expect(back.entities[0]).toMatchObject({ type: 'MISC', count: 1, salience: 1 });
  });
});
