import fc from 'fast-check';
import { ENTRY_POINTS, type EntryPoint } from './entry-points.ts';
import { SHAPES, buildInput, byteLength, type Payload, type Shape } from './hostile-shapes.ts';

// Runs hostile inputs through every entry point: each input has a time budget (a stall is an
// input over it) and must not throw out of the entry point (a crash). Two modes:
// - fuzz: fast-check picks entry point, shape, size and random noise spliced in;
// - curve: every entry point x shape at fixed sizes, to show time grows linearly with size.
// Entry points run on this thread, so a budget is measured, not enforced (the poller enforces
// its own with a worker thread, parse-pool.ts).

export interface Budget {
  /** Milliseconds allowed for an input of up to 100 KB... */
  baseMs: number;
  /** ...plus this much per further 100 KB. */
  perHundredKbMs: number;
}
export const DEFAULT_BUDGET: Budget = { baseMs: 5000, perHundredKbMs: 2000 };

export interface Failure {
  entry: string;
  shape: Shape;
  bytes: number;
  ms?: number;
  error?: string;
  /** The entry point's promise had not settled when its time was up. */
  unsettled?: true;
}

export interface FuzzReport {
  inputsTried: number;
  crashes: number;
  stalls: number;
  worstMsPer100KB: number;
  worst: { entry: string; shape: string; bytes: number; ms: number } | null;
  failures: Failure[];
}

type Timing = { ms: number; error?: unknown; unsettled?: true };

/**
 * Runs one input; a promise still pending `limitMs` after the start is a stall too (it would
 * never settle: the xml2js hang), reported instead of awaited for ever.
 */
async function timed(entry: EntryPoint, input: Payload, limitMs: number): Promise<Timing> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise<Timing>((resolve) => {
    timer = setTimeout(() => resolve({ ms: limitMs, unsettled: true }), limitMs);
  });
  const run = (async (): Promise<Timing> => {
    try {
      await entry.run(input);
      return { ms: performance.now() - started };
    } catch (error) {
      const ms = performance.now() - started;
      return entry.expected?.(error) ? { ms } : { ms, error };
    }
  })();
  try {
    return await Promise.race([run, pending]);
  } finally {
    clearTimeout(timer);
  }
}

const allowed = (bytes: number, b: Budget) =>
  b.baseMs + Math.max(0, bytes / 102_400 - 1) * b.perHundredKbMs;
/** How long a pending promise is waited for: twice the input's budget. */
const limitOf = (input: Payload, b: Budget) => 2 * allowed(byteLength(input), b);

class Tally {
  report: FuzzReport = {
    inputsTried: 0,
    crashes: 0,
    stalls: 0,
    worstMsPer100KB: 0,
    worst: null,
    failures: [],
  };
  constructor(readonly budget: Budget) {}
  add(entry: EntryPoint, shape: Shape, input: Payload, r: Timing): void {
    const bytes = byteLength(input);
    const r100 = this.report;
    r100.inputsTried++;
    // Per 100 KB, counting small inputs as 10 KB so fixed overheads do not dominate.
    const per100 = r.ms / (Math.max(bytes, 10_240) / 102_400);
    if (per100 > r100.worstMsPer100KB) {
      r100.worstMsPer100KB = Math.round(per100 * 10) / 10;
      r100.worst = { entry: entry.name, shape, bytes, ms: Math.round(r.ms) };
    }
    if (r.error !== undefined) {
      r100.crashes++;
      const e = r.error as Error;
      r100.failures.push({
        entry: entry.name,
        shape,
        bytes,
        error: `${e?.name}: ${String(e?.message).slice(0, 200)}`,
      });
    } else if (r.unsettled || r.ms > allowed(bytes, this.budget)) {
      r100.stalls++;
      const failure: Failure = { entry: entry.name, shape, bytes, ms: Math.round(r.ms) };
      if (r.unsettled) failure.unsettled = true;
      r100.failures.push(failure);
    }
  }
}

/** Random hostile inputs until `deadlineMs` (wall clock) or `numRuns`, whichever comes first. */
export async function fuzzEntryPoints(options: {
  seed: number;
  numRuns: number;
  maxBytes: number;
  deadlineMs?: number;
  budget?: Budget;
  entries?: EntryPoint[];
}): Promise<FuzzReport> {
  const tally = new Tally(options.budget ?? DEFAULT_BUDGET);
  const entries = options.entries ?? ENTRY_POINTS;
  for (const e of entries) e.prepare?.();
  const noise = fc.string({ unit: 'binary', maxLength: 64 });
  const arb = fc.record({
    entry: fc.integer({ min: 0, max: entries.length - 1 }),
    shape: fc.constantFrom(...SHAPES),
    size: fc.integer({ min: 16, max: options.maxBytes }),
    noise: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), noise), { maxLength: 4 }),
  });
  const deadline = options.deadlineMs ?? Number.POSITIVE_INFINITY;
  await fc.assert(
    fc.asyncProperty(arb, async ({ entry: i, shape, size, noise: bits }) => {
      if (Date.now() > deadline) return;
      const entry = entries[i]!;
      let input = buildInput(shape, entry.dialect, size);
      for (const [at, s] of bits) input = splice(input, at, s);
      tally.add(entry, shape, input, await timed(entry, input, limitOf(input, tally.budget)));
    }),
    {
      seed: options.seed,
      numRuns: options.numRuns,
      endOnFailure: false,
      ...(Number.isFinite(deadline)
        ? {
            interruptAfterTimeLimit: Math.max(1, deadline - Date.now()),
            markInterruptAsFailure: false,
          }
        : {}),
    },
  );
  return tally.report;
}

function splice(input: Payload, at: number, s: string): Payload {
  if (typeof input === 'string') {
    const i = Math.floor(at * input.length);
    return input.slice(0, i) + s + input.slice(i);
  }
  const i = Math.floor(at * input.length);
  return Buffer.concat([input.subarray(0, i), Buffer.from(s), input.subarray(i)]);
}

export interface CurvePoint {
  bytes: number;
  ms: number;
  msPer100KB: number;
}
export interface Curve {
  entry: string;
  shape: Shape;
  points: CurvePoint[];
  /** Log-log slope of time against size over the points above 100 KB: ~1 is linear. */
  exponent: number | null;
  linear: boolean;
}

/** Time against size for every entry point and shape (best of `repeat` runs per point). */
export async function sizeCurves(options: {
  sizes: number[];
  repeat?: number;
  entries?: EntryPoint[];
  shapes?: readonly Shape[];
  onCurve?: (c: Curve) => void;
}): Promise<{ curves: Curve[]; report: FuzzReport }> {
  const tally = new Tally({ baseMs: Number.POSITIVE_INFINITY, perHundredKbMs: 0 });
  const curves: Curve[] = [];
  for (const e of options.entries ?? ENTRY_POINTS) e.prepare?.();
  for (const entry of options.entries ?? ENTRY_POINTS)
    for (const shape of options.shapes ?? SHAPES) {
      const points: CurvePoint[] = [];
      for (const size of options.sizes) {
        const input = buildInput(shape, entry.dialect, size);
        let best = Number.POSITIVE_INFINITY;
        for (let k = 0; k < (options.repeat ?? 1); k++) {
          const r = await timed(entry, input, limitOf(input, DEFAULT_BUDGET));
          tally.add(entry, shape, input, r);
          best = Math.min(best, r.ms);
        }
        const bytes = byteLength(input);
        points.push({
          bytes,
          ms: Math.round(best * 10) / 10,
          msPer100KB: Math.round((best / (bytes / 102_400)) * 10) / 10,
        });
      }
      const exponent = slope(points.filter((p) => p.bytes >= 100_000 && p.ms >= 5));
      // Linear within noise: doubling the input at most ~2.5x the time.
      const curve = {
        entry: entry.name,
        shape,
        points,
        exponent,
        linear: exponent === null || exponent <= 1.3,
      };
      curves.push(curve);
      options.onCurve?.(curve);
    }
  return { curves, report: tally.report };
}

function slope(points: CurvePoint[]): number | null {
  if (points.length < 2) return null;
  const xs = points.map((p) => Math.log(p.bytes));
  const ys = points.map((p) => Math.log(Math.max(p.ms, 0.1)));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * (ys[i]! - my);
    den += (x - mx) ** 2;
  });
  return den === 0 ? null : Math.round((num / den) * 100) / 100;
}
