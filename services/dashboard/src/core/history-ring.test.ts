import { describe, expect, it } from 'vitest';
import { addTick, createHistoryRing, mergePoints } from './history-ring.ts';

const point = (s: number, rate: number) => ({
  t: new Date(s * 1000).toISOString(),
  rates: { cleaner: rate },
  lag: 0,
});

describe('history ring', () => {
  it('averages the ticks of a bucket into one point when the next bucket starts', () => {
    const ring = createHistoryRing(10_000, 60_000);
    expect(addTick(ring, new Date(1_000), { cleaner: 2 }, 1)).toBe(false);
    expect(addTick(ring, new Date(5_000), { cleaner: 4 }, 3)).toBe(false);
    expect(addTick(ring, new Date(11_000), { cleaner: 9 }, 0)).toBe(true);
    expect(ring.points).toEqual([{ t: new Date(0).toISOString(), rates: { cleaner: 3 }, lag: 3 }]);
  });

  it('keeps one point per bucket time, the stored one first, oldest first, at most max', () => {
    const ring = createHistoryRing(10_000, 30_000);
    ring.points = [point(10, 1), point(20, 1)];
    mergePoints(ring, [point(0, 5), point(20, 7), point(30, 8)]);
    expect(ring.points).toEqual([point(10, 1), point(20, 7), point(30, 8)]);
  });

  it('replaces a bucket another replica already closed instead of adding it twice', () => {
    const ring = createHistoryRing(10_000, 60_000);
    addTick(ring, new Date(21_000), { cleaner: 6 }, 0);
    mergePoints(ring, [point(10, 1), point(20, 5)]);
    addTick(ring, new Date(31_000), { cleaner: 1 }, 0);
    expect(ring.points).toEqual([point(10, 1), point(20, 6)]);
  });
});
