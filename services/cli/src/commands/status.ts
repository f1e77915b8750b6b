import { parseArgs } from 'node:util';
import type { ParseArgsOptions } from '../cli-help.ts';
import { ConfigError, loadConfig } from '@faultline/shared/config';
import { createLogger } from '@faultline/shared/log';
import { DashboardConfig, formatSummary, readStatus } from '@faultline/dashboard';

export const summary =
  'print the dashboard header (health, items/s, lag, DLQ, alerts in 24 h, feeds) in the terminal; --json for the whole snapshot, --direct to bypass the running dashboard';

/** Checked before run: without it the command fails at once, naming the address. */

/** Its options (also what `--help` lists). */
export const options = {
  json: { type: 'boolean', default: false },
  interval: { type: 'string', default: '3000' },
  direct: { type: 'boolean', default: false },
} satisfies ParseArgsOptions;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options,
  });
  let config;
  try {
    config = loadConfig(DashboardConfig);
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : String(err));
    return 2;
  }
  const log = createLogger({ service: 'status', level: 'silent' });
  // The running dashboard's snapshot when it answers; --direct reads the brokers and stages itself.
  const snapshot = await readStatus(config, log, {
    intervalMs: Number(values.interval),
    direct: values.direct,
  });
  if (values.json) console.log(JSON.stringify(snapshot));
  else {
    console.log(formatSummary(snapshot.summary));
    const stages = snapshot.pipeline.stages
      .map((s) => `${s.stage} ${s.inPerS}/${s.outPerS}/${s.failedPerS}`)
      .join('  ');
    if (stages) console.log(`\nstages (in/out/failed per s): ${stages}`);
    console.log(
      `(from ${snapshot.source === 'dashboard' ? 'the running dashboard' : 'the brokers and stages directly'})`,
    );
  }
  return snapshot.summary.health === 'ok' ? 0 : 1;
}
