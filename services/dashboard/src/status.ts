import type { Logger } from '@faultline/shared/log';
import type { DashboardConfig } from './config.ts';
import { buildSnapshot, createSnapshotState } from './core/build-snapshot.ts';
import type { Snapshot } from './core/model.ts';
import { connectSources } from './io/wire-sources.ts';

export { formatSummary } from './core/summarize.ts';
export { DashboardConfig } from './config.ts';

// The dashboard's snapshot, taken once from the terminal (`faultline status`): two gathering
// rounds `intervalMs` apart, so items/s is a real rate, folded by the same functions the page uses.

export async function readStatus(
  config: DashboardConfig,
  log: Logger,
  options: { intervalMs?: number } = {},
): Promise<Snapshot> {
  const sources = await connectSources(config, log, { connectTimeoutMs: 3000 });
  try {
    const state = createSnapshotState();
    buildSnapshot(state, await sources.collector.collect());
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 1000));
    return buildSnapshot(state, await sources.collector.collect());
  } finally {
    await sources.close();
  }
}
