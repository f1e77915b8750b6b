import { describe, it, expect } from 'vitest';
import { cappedBackoffMs } from './worker-factory.ts';

describe('cappedBackoffMs', () => {
  it('doubles from the base delay and stops at the ceiling', () => {
    const waits = [1, 2, 3, 4, 5, 6].map((n) => cappedBackoffMs(n, { delay: 200 }, 1000));
    expect(waits).toEqual([200, 400, 800, 1000, 1000, 1000]);
  });

  it('takes up to `jitter` off the wait, never more', () => {
    expect(cappedBackoffMs(10, { delay: 200, jitter: 0.5 }, 1000, () => 0.999)).toBe(500);
    expect(cappedBackoffMs(10, { delay: 200, jitter: 0.5 }, 1000, () => 0)).toBe(1000);
  });
});
