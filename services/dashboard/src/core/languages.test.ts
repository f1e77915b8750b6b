import { describe, expect, it } from 'vitest';
import { buildSnapshot, createSnapshotState } from './build-snapshot.ts';
import type { Observation } from './model.ts';

describe('languages on the dashboard', () => {
  it('sums items by language and mode over analyzer replicas, not-analysed ones included', () => {
    const obs: Observation = {
      at: new Date('2026-01-01T00:00:00Z'),
      services: [],
      counters: [
        {
          stage: 'analyzer',
          in: 10,
          out: 10,
          failed: 0,
          languages: [
            { language: 'en', mode: 'english', count: 6 },
            { language: 'nl', mode: 'not-analysed', count: 1 },
          ],
        },
        {
          stage: 'analyzer',
          in: 5,
          out: 5,
          failed: 0,
          languages: [
            { language: 'ru', mode: 'native', count: 3 },
            { language: 'en', mode: 'english', count: 2 },
          ],
        },
      ],
      lag: null,
      dlq: null,
      feeds: null,
      alerts: null,
      alerts24h: null,
      tension: null,
      errors: {},
    };
    expect(buildSnapshot(createSnapshotState(), obs).pipeline.languages).toEqual([
      { language: 'en', mode: 'english', count: 8 },
      { language: 'ru', mode: 'native', count: 3 },
      { language: 'nl', mode: 'not-analysed', count: 1 },
    ]);
  });
});
