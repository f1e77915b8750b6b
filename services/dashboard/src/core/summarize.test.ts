import { describe, expect, it } from 'vitest';
import { buildSnapshot, createSnapshotState } from './build-snapshot.ts';
import type { Observation } from './model.ts';
import { formatSummary, summarize } from './summarize.ts';

function obs(at: number, cleanerIn: number, extra: Partial<Observation> = {}): Observation {
  return {
    at: new Date(at),
    services: ['poller', 'cleaner', 'analyzer', 'alerter'].map((name) => ({
      name,
      up: true,
      ready: true,
    })),
    counters: [
      { stage: 'poller', in: 0, out: cleanerIn, failed: 0 },
      { stage: 'cleaner', in: cleanerIn, out: cleanerIn, failed: 0 },
    ],
    lag: [{ group: 'g', topic: 'news.raw', partition: 0, lag: 5 }],
    dlq: [{ name: 'news.raw.dlq', kind: 'topic', count: 0 }],
    feeds: [],
    alerts: [],
    alerts24h: 3,
    tension: null,
    errors: {},
    ...extra,
  };
}

describe('summarize', () => {
  it('is ok when everything answers and nothing is dead-lettered', () => {
    const s = summarize(obs(0, 0), []);
    expect(s).toMatchObject({ health: 'ok', lag: 5, dlq: 0, alerts24h: 3, problems: [] });
  });
  it('is down when a service or a broker does not answer, degraded on DLQ and failing feeds', () => {
    const down = obs(0, 0, { errors: { kafka: 'ECONNREFUSED' } });
    down.services[1] = { name: 'cleaner', up: false, ready: null, error: 'ECONNREFUSED' };
    expect(summarize(down, []).health).toBe('down');
    const degraded = obs(0, 0, {
      dlq: [{ name: 'deliver-webhook-dlq', kind: 'queue', count: 2 }],
      feeds: [
        {
          id: 'f',
          name: 'f',
          url: 'u',
          status: 'failing',
          paused: false,
          lastFetchAt: null,
          itemsPerDay: 0,
          consecutiveFailures: 3,
          lastError: 'HTTP 500',
        },
      ],
    });
    const s = summarize(degraded, []);
    expect(s.health).toBe('degraded');
    expect(s.problems).toEqual(['2 message(s) in dead-letter queues', '1 feed(s) failing']);
    expect(formatSummary(s)).toContain('health     DEGRADED');
  });
});

describe('buildSnapshot', () => {
  it('computes items/s over the rate window, not per tick', () => {
    const state = createSnapshotState(10_000);
    buildSnapshot(state, obs(0, 0));
    // A burst of 100 items at t=1 s, then nothing: the rate stays visible for the window.
    buildSnapshot(state, obs(1000, 100));
    const later = buildSnapshot(state, obs(5000, 100));
    expect(later.summary.itemsPerSecond).toBe(20);
    const afterWindow = buildSnapshot(state, obs(16_000, 100));
    expect(afterWindow.summary.itemsPerSecond).toBe(0);
  });
});
