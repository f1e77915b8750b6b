import { describe, expect, it } from 'vitest';
import { buildAlertRows, type HistoryLike } from './alert-rows.ts';

const entries: HistoryLike[] = [
  {
    type: 'delivery',
    at: '2026-03-01T10:00:05Z',
    alertKey: 'a1',
    destination: 'ops',
    outcome: 'delivered',
    attempt: 2,
  },
  {
    type: 'delivery',
    at: '2026-03-01T10:00:03Z',
    alertKey: 'a1',
    destination: 'ops',
    outcome: 'retry',
    attempt: 1,
    error: '503',
  },
  {
    type: 'delivery',
    at: '2026-03-01T10:00:02Z',
    alertKey: 'a1',
    destination: 'siem',
    outcome: 'permanent',
    attempt: 1,
  },
  {
    type: 'alert',
    at: '2026-03-01T10:00:01Z',
    alertKey: 'a1',
    ruleId: 'r1',
    title: 'Seed',
    severity: 'high',
    isUpdate: false,
  },
  { type: 'suppressed', at: '2026-03-01T09:59:00Z', alertKey: 'a0', ruleId: 'r1' },
  {
    type: 'alert',
    at: '2026-03-01T09:00:00Z',
    alertKey: 'a2',
    ruleId: 'r2',
    title: 'Old',
    topics: ['military'],
    evidence: 'troops massed',
  },
];

describe('buildAlertRows', () => {
  it('keeps the latest delivery outcome per channel and adds details', () => {
    const rows = buildAlertRows(
      entries,
      new Map([
        [
          'a1',
          {
            topics: ['threaten'],
            actors: ['ORG:NATO–RUS'],
            evidence: 'warned',
            channels: ['ops', 'siem', 'slack'],
          },
        ],
      ]),
      10,
    );
    expect(rows.map((r) => r.alertKey)).toEqual(['a1', 'a2']);
    expect(rows[0]!.deliveries.map((d) => [d.destination, d.outcome, d.attempt])).toEqual([
      ['ops', 'delivered', 2],
      ['siem', 'permanent', 1],
      ['slack', 'queued', null],
    ]);
    expect(rows[0]!.actors).toEqual(['ORG:NATO–RUS']);
    // Without a job, the details the history entry carries are used.
    expect(rows[1]).toMatchObject({
      topics: ['military'],
      evidence: 'troops massed',
      severity: 'info',
    });
  });
  it('stops at the limit', () => {
    expect(buildAlertRows(entries, new Map(), 1)).toHaveLength(1);
  });
});
