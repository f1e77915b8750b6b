import { expect, it } from 'vitest';
import { parseTime, SearchParams } from './params.ts';
import { weekSlices, weekStart } from './partitions.ts';
import { createRateLimiter } from './rate-limit.ts';
import { toCsvLine } from './export-format.ts';

it('reads times as dates, ISO times or spans back from now', () => {
  const now = new Date('2026-03-10T00:00:00Z');
  expect(parseTime('30d', now)?.toISOString()).toBe('2026-02-08T00:00:00.000Z');
  expect(parseTime('2026-01-02', now)?.toISOString()).toBe('2026-01-02T00:00:00.000Z');
  expect(parseTime('yesterday', now)).toBeNull();
  expect(parseTime("1' OR '1'='1", now)).toBeNull();
});

it('validates search parameters, naming the bad one', () => {
  expect(SearchParams.safeParse({ q: 'nato', dyad: 'RUS-UKR' }).data?.dyad).toEqual({
    a: 'RUS',
    b: 'UKR',
  });
  const bad = SearchParams.safeParse({ q: 'x', entity: "RUS' --" });
  expect(bad.success).toBe(false);
  expect(SearchParams.safeParse({ q: '   ' }).success).toBe(false);
});

it('files times in Monday-based weeks', () => {
  expect(weekStart('2026-12-07T10:00:00Z')).toBe('2026-12-07T00:00:00.000Z'); // a Monday
  expect(weekStart('2026-12-13T23:59:59Z')).toBe('2026-12-07T00:00:00.000Z'); // Sunday
});

it('cuts a search range into its weeks, newest first, the last taking the rest', () => {
  const iso = (s: { from: Date | null; to: Date | null }) => [
    s.from?.toISOString().slice(0, 10) ?? null,
    s.to?.toISOString().slice(0, 10) ?? null,
  ];
  const now = new Date('2026-12-09T12:00:00Z'); // a Wednesday
  // 30 days back from now, no end: the week holding now is open-ended (items may sit ahead).
  expect(weekSlices(new Date('2026-11-09T12:00:00Z'), undefined, 14, now).map(iso)).toEqual([
    ['2026-12-07', null],
    ['2026-11-30', '2026-12-07'],
    ['2026-11-23', '2026-11-30'],
    ['2026-11-16', '2026-11-23'],
    ['2026-11-09', '2026-11-16'],
  ]);
  // An end on a Monday: the week before it is the newest; no start: the last slice is open.
  expect(weekSlices(undefined, new Date('2026-12-07T00:00:00Z'), 3, now).map(iso)).toEqual([
    ['2026-11-30', '2026-12-07'],
    ['2026-11-23', '2026-11-30'],
    [null, '2026-11-23'],
  ]);
  // Within one week: one slice, both bounds kept.
  const one = weekSlices(new Date('2026-12-08T00:00:00Z'), new Date('2026-12-09T00:00:00Z'), 14);
  expect(one.map(iso)).toEqual([['2026-12-08', '2026-12-09']]);
});

it('limits requests per client per window', () => {
  const rl = createRateLimiter(2, 1000);
  expect([rl.take('a', 0).ok, rl.take('a', 1).ok, rl.take('a', 2).ok, rl.take('b', 2).ok]).toEqual([
    true,
    true,
    false,
    true,
  ]);
  expect(rl.take('a', 1001).ok).toBe(true);
});

it('quotes CSV cells and defuses spreadsheet formulas', () => {
  const line = toCsvLine({
    itemId: 'i',
    title: 'a, "b"',
    body: '=HYPERLINK("x")',
    topics: ['t1', 't2'],
  });
  expect(line).toContain('"a, ""b"""');
  expect(line).toContain(`"'=HYPERLINK(""x"")"`);
  expect(line).toContain('t1;t2');
});
