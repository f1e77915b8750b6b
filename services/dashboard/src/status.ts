import type { Logger } from '@faultline/shared/log';
import type { DashboardConfig } from './config.ts';
import { buildSnapshot, createSnapshotState } from './core/build-snapshot.ts';
import type { Snapshot } from './core/model.ts';
import { connectSources } from './io/wire-sources.ts';

export { formatSummary } from './core/summarize.ts';
export { DashboardConfig } from './config.ts';

// The dashboard's snapshot from the terminal (`faultline status`): the running dashboard's own
// snapshot when it answers (its items/s are averaged over 10 s), else two gathering rounds
// `intervalMs` apart, folded by the same functions the page uses.

export async function readStatus(
  config: DashboardConfig,
  log: Logger,
  options: { intervalMs?: number; direct?: boolean } = {},
): Promise<Snapshot & { source: 'dashboard' | 'direct' }> {
  if (!options.direct) {
    const live = await fetchDashboardSnapshot(config).catch(() => null);
    if (live) return { ...live, source: 'dashboard' };
  }
  return { ...(await gatherSnapshot(config, log, options.intervalMs ?? 1000)), source: 'direct' };
}

async function fetchDashboardSnapshot(config: DashboardConfig): Promise<Snapshot | null> {
  const host = ['0.0.0.0', '::'].includes(config.host) ? '127.0.0.1' : config.host;
  const { token, basicAuth } = config.dashboard;
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  else if (basicAuth)
    headers.authorization = `Basic ${Buffer.from(`${basicAuth.user}:${basicAuth.password}`).toString('base64')}`;
  const res = await fetch(`http://${host}:${config.ports.dashboard}/api/snapshot`, {
    headers,
    signal: AbortSignal.timeout(1500),
  });
  if (!res.ok) return null;
  const body = (await res.json()) as Snapshot | null;
  return body && body.summary ? body : null;
}

async function gatherSnapshot(
  config: DashboardConfig,
  log: Logger,
  intervalMs: number,
): Promise<Snapshot> {
  const sources = await connectSources(config, log, { connectTimeoutMs: 3000 });
  try {
    const state = createSnapshotState();
    buildSnapshot(state, await sources.collector.collect());
    await new Promise((r) => setTimeout(r, intervalMs));
    return buildSnapshot(state, await sources.collector.collect());
  } finally {
    await sources.close();
  }
}
