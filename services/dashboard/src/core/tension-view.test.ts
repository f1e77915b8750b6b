import { describe, expect, it } from 'vitest';
import { rankDyads, topEntities } from './tension-view.ts';

const now = new Date('2026-03-01T12:30:00Z');
const hour = Math.floor(now.getTime() / 3_600_000);

describe('rankDyads', () => {
  it('ranks dyads by their 24 h total and returns 24 hourly points, ignoring older hours', () => {
    const series = new Map([
      [
        'ORG:NATO|RUS',
        {
          source: 'ORG:NATO',
          target: 'RUS',
          buckets: new Map([
            [hour, 2],
            [hour - 3, 1],
          ]),
        },
      ],
      ['RUS|UKR', { source: 'RUS', target: 'UKR', buckets: new Map([[hour - 1, 5]]) }],
      ['CHN|TWN', { source: 'CHN', target: 'TWN', buckets: new Map([[hour - 30, 9]]) }],
    ]);
    const ranked = rankDyads(series, now);
    expect(ranked.map((d) => `${d.source}-${d.target}`)).toEqual(['RUS-UKR', 'ORG:NATO-RUS']);
    expect(ranked[0]!.points).toHaveLength(24);
    expect(ranked[1]!.points.at(-1)).toEqual({ t: '2026-03-01T12:00:00.000Z', v: 2 });
  });
});

describe('topEntities', () => {
  it('sums hours and names the most frequent', () => {
    const top = topEntities(
      [
        { RUS: '3', 'ORG:NATO': 1 },
        { RUS: 2, UKR: 4 },
      ],
      { RUS: 'Russia' },
      2,
    );
    expect(top).toEqual([
      { id: 'RUS', name: 'Russia', count: 5 },
      { id: 'UKR', name: 'UKR', count: 4 },
    ]);
  });
});
