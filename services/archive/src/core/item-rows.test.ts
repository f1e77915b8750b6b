import { describe, expect, it } from 'vitest';
import { archiveItem } from '../fixtures/items.ts';
import { archiveTime, toItemRows } from './item-rows.ts';
import { mergeBatch } from './merge-batch.ts';
import { toDeliveryRow } from './event-rows.ts';

describe('toItemRows', () => {
  it('turns an analyzed item into its item, story, copies, mentions and dyads', () => {
    const item = archiveItem(4);
    const rows = toItemRows(item);
    expect(rows.item).toMatchObject({
      itemId: item.itemId,
      storyId: item.storyId,
      searchConfig: expect.any(String),
    });
    expect(rows.sources.map((s) => s.itemId).sort()).toEqual(
      item.sources.map((s) => s.itemId).sort(),
    );
    expect(rows.mentions).toHaveLength(2);
    expect(rows.dyads[0]).toMatchObject({
      source: item.tension.dyads[0]!.source,
      itemId: item.itemId,
    });
    expect(rows.item.cameo).toEqual([item.tension.topics[0]!.cameo]);
  });

  it('files a wrongly dated item near its fetch time, the same on every delivery', () => {
    const fetched = '2026-03-01T12:00:00.000Z';
    expect(archiveTime('1999-01-01T00:00:00Z', fetched)).toBe('2026-02-22T12:00:00.000Z');
    expect(archiveTime('2030-01-01T00:00:00Z', fetched)).toBe('2026-03-01T13:00:00.000Z');
    expect(archiveTime('2026-03-01T11:00:00Z', fetched)).toBe('2026-03-01T11:00:00.000Z');
  });

  it('strips NUL characters PostgreSQL text cannot hold', () => {
    const item = { ...archiveItem(1), title: 'a\u0000b', text: 'c\u0000d' };
    const rows = toItemRows(item);
    expect(rows.item.title).toBe('ab');
    expect(rows.item.body).toBe('cd');
  });
});

describe('mergeBatch', () => {
  it('keeps one row per key: the latest revision, the widest sighting', () => {
    const a = archiveItem(0);
    const b = { ...a, revision: 2, title: 'later' };
    const c = archiveItem(1);
    const merged = mergeBatch([b, a, c, a].map(toItemRows));
    expect(merged.items).toHaveLength(2);
    expect(merged.items.find((i) => i.itemId === a.itemId)?.revision).toBe(2);
    expect(merged.stories).toHaveLength(1);
    expect(merged.stories[0]!.firstSeen <= merged.stories[0]!.lastSeen).toBe(true);
    const ids = merged.entities.map((e) => e.entityId);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });
});

it('identifies a delivery outcome by what it says', () => {
  const d = {
    kind: 'delivery' as const,
    alertKey: 'a',
    destination: 'ops',
    outcome: 'delivered' as const,
    attempt: 1,
    at: '2026-01-01T00:00:00.000Z',
  };
  expect(toDeliveryRow(d).eventId).toBe(toDeliveryRow({ ...d }).eventId);
  expect(toDeliveryRow(d).eventId).not.toBe(toDeliveryRow({ ...d, attempt: 2 }).eventId);
});
