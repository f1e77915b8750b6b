import { describe, it, expect } from 'vitest';
import { fuzzEntryPoints, sizeCurves } from './run-fuzz.ts';
import { ENTRY_POINTS } from './entry-points.ts';
import { SHAPES } from './hostile-shapes.ts';

// CI's fuzz run: a fixed seed and small sizes, so it is the same inputs every time and stays
// well under a minute on a shared box. `npx faultline bench fuzz --minutes M` runs it longer,
// `--curve` measures time against size up to 10 MB.

describe('hostile inputs through every entry point', () => {
  it('neither crash nor stall any entry point (fast-check, fixed seed)', async () => {
    const report = await fuzzEntryPoints({ seed: 20, numRuns: 150, maxBytes: 32 * 1024 });
    expect(report.failures).toEqual([]);
    expect(report.inputsTried).toBe(150);
  }, 120_000);

  it('every shape at a small size, through every entry point, without a crash', async () => {
    const { report, curves } = await sizeCurves({ sizes: [4096, 16_384] });
    expect(report.failures).toEqual([]);
    expect(curves).toHaveLength(ENTRY_POINTS.length * SHAPES.length);
  }, 120_000);
});
