import { describe, expect, it } from 'vitest';
import { detectSpike, dyadKey, windowSums } from './trend.ts';

const H = 3600_000;

/** Replays hourly index values for a dyad and returns the hours at which a spike fired. */
function replay(values: number[]): number[] {
  const buckets = new Map<number, number>();
  const start = 1_000_000;
  const fired: number[] = [];
  values.forEach((v, i) => {
    if (v) buckets.set(start + i, v);
    if (detectSpike('RUS|UKR', buckets, (start + i) * H + 1, [])) fired.push(i);
  });
  return fired;
}

describe('trend', () => {
  it('dyads are unordered', () => {
    expect(dyadKey('RUS', 'ORG:NATO')).toBe(dyadKey('ORG:NATO', 'RUS'));
  });

  it('a jump above the baseline spikes; a steady dyad never does', () => {
    const steady = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 1.2 : 0.8));
    expect(replay(steady)).toEqual([]);
    const spiking = [...steady.slice(0, 190), 6];
    expect(replay(spiking)).toEqual([190]);
  });

  it('a single weak story in a silent dyad is not a spike', () => {
    expect(replay([...Array(100).fill(0), 0.9])).toEqual([]);
  });

  it('sums the 1h/24h/7d windows', () => {
    const now = 500 * H + 10;
    const b = new Map([
      [500, 1],
      [490, 2],
      [400, 4],
      [300, 8],
    ]);
    expect(windowSums(b, now)).toEqual({ '1h': 1, '24h': 3, '7d': 7 });
  });
});
