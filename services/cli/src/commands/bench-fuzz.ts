import { parseArgs } from 'node:util';
import { fuzzEntryPoints, sizeCurves } from '../fuzz/run-fuzz.ts';
import { ENTRY_POINTS } from '../fuzz/entry-points.ts';
import { SHAPES } from '../fuzz/hostile-shapes.ts';

export const summary =
  'hostile inputs through every parser entry point for M minutes (--curve: time against size, 10 KB..10 MB, per entry point and shape): crashes, stalls, worst ms per 100 KB';

// `bench fuzz --minutes M [--seed S] [--max-bytes B]`: fast-check over every entry point.
// `bench fuzz --curve [--sizes 10240,...]`: the size curves; each should be linear.
// `--entry <part of a name>` and `--shape <shape>` narrow either mode (repeatable).
// The comparison the house rules ask for is built in: the curve's exponent against 1 (linear).

export const options = {
  minutes: { type: 'string', default: '1' },
  seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
  'max-bytes': { type: 'string', default: String(1024 * 1024) },
  curve: { type: 'boolean', default: false },
  sizes: { type: 'string', default: '10240,102400,1048576,10485760' },
  repeat: { type: 'string', default: '1' },
  entry: { type: 'string', multiple: true },
  shape: { type: 'string', multiple: true },
} as const;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options });
  const entries = ENTRY_POINTS.filter(
    (e) => !values.entry || values.entry.some((part) => e.name.includes(part)),
  );
  const unknownShape = values.shape?.find((s) => !(SHAPES as readonly string[]).includes(s));
  if (!entries.length || unknownShape !== undefined) {
    console.error(
      unknownShape !== undefined
        ? `bench fuzz: unknown --shape "${unknownShape}" (one of ${SHAPES.join(', ')})`
        : `bench fuzz: no entry point matches --entry (one of ${ENTRY_POINTS.map((e) => e.name).join(', ')})`,
    );
    return 2;
  }
  const shapes = values.shape ? SHAPES.filter((s) => values.shape!.includes(s)) : SHAPES;
  if (values.curve) {
    const sizes = values.sizes.split(',').map(Number);
    const { curves, report } = await sizeCurves({
      sizes,
      entries,
      shapes,
      repeat: Number(values.repeat),
      onCurve: (c) =>
        process.stderr.write(
          `${c.entry} / ${c.shape}: ${c.points.map((p) => `${p.bytes}B ${p.ms}ms`).join(', ')} exponent ${c.exponent}\n`,
        ),
    });
    const worst = curves
      .flatMap((c) =>
        c.points
          .filter((p) => p.bytes >= 100_000)
          .map((p) => ({ ...p, entry: c.entry, shape: c.shape })),
      )
      .sort((a, b) => b.msPer100KB - a.msPer100KB)[0];
    console.log(
      JSON.stringify({
        mode: 'curve',
        sizes,
        comparedWith: 'linear growth (exponent 1 of time against size)',
        curves: curves.length,
        allLinear: curves.every((c) => c.linear),
        nonLinear: curves
          .filter((c) => !c.linear)
          .map((c) => ({ entry: c.entry, shape: c.shape, exponent: c.exponent, points: c.points })),
        crashes: report.crashes,
        worstMsPer100KB: worst ? { ...worst } : null,
        maxExponent: Math.max(...curves.map((c) => c.exponent ?? 0)),
        byEntry: Object.fromEntries(
          [...new Set(curves.map((c) => c.entry))].map((e) => [
            e,
            Math.max(
              ...curves
                .filter((c) => c.entry === e)
                .flatMap((c) =>
                  c.points.filter((p) => p.bytes >= 100_000).map((p) => p.msPer100KB),
                ),
            ),
          ]),
        ),
        failures: report.failures.slice(0, 20),
      }),
    );
    return report.crashes ? 1 : 0;
  }
  const minutes = Number(values.minutes);
  const started = Date.now();
  const report = await fuzzEntryPoints({
    seed: Number(values.seed),
    numRuns: Number.MAX_SAFE_INTEGER,
    maxBytes: Number(values['max-bytes']),
    deadlineMs: started + minutes * 60_000,
    entries,
  });
  console.log(
    JSON.stringify({
      mode: 'fuzz',
      seed: Number(values.seed),
      minutes,
      inputsTried: report.inputsTried,
      crashes: report.crashes,
      stalls: report.stalls,
      worstMsPer100KB: report.worstMsPer100KB,
      worst: report.worst,
      failures: report.failures.slice(0, 20),
    }),
  );
  return report.crashes || report.stalls ? 1 : 0;
}
