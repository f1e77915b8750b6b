import type { Supervisor } from '../up/supervisor.ts';

// A rebalance under load: the last replica of every stage that runs more than one (cleaner-N,
// analyzer-N) is stopped with SIGTERM (a graceful leave of its consumer group) while items flow;
// the supervisor starts it again, so each group rebalances twice, once as the member leaves and
// once as it joins. The bench's lost and duplicate counts then cover both rebalances.

export interface RebalanceReport {
  /** Seconds into the load when the replicas were stopped (null: the load ended first). */
  atS: number | null;
  stopped: string[];
  /** Per replica, how long after the stop it was running again (absent: not yet). */
  restartedAfterMs: Record<string, number>;
}

export function scheduleRebalance(
  supervisor: Supervisor,
  atS: number,
  replicas: Record<string, number>,
): { report(): RebalanceReport } {
  const startedAt = Date.now();
  const stopped = Object.entries(replicas)
    .filter(([, n]) => n > 1)
    .map(([stage, n]) => `${stage}-${n}`);
  const out: RebalanceReport = { atS: null, stopped, restartedAfterMs: {} };
  const timer = setTimeout(() => {
    const at = Date.now();
    out.atS = Math.round((at - startedAt) / 100) / 10;
    for (const name of stopped) {
      void supervisor.restarted(name).then(() => (out.restartedAfterMs[name] = Date.now() - at));
      supervisor.kill(name, 'SIGTERM');
    }
  }, atS * 1000);
  timer.unref();
  return {
    report() {
      clearTimeout(timer);
      return out;
    },
  };
}
