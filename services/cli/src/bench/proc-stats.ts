import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';

// CPU seconds and resident memory of a process, read from /proc (Linux). Returns null when the
// process is gone or /proc is unavailable.

const TICKS_PER_SECOND = 100;

export interface ProcSample {
  cpuSeconds: number;
  rssMb: number;
}

export function sampleProcess(pid: number): ProcSample | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { cpuSeconds: (utime + stime) / TICKS_PER_SECOND, rssMb: rssKb / 1024 };
  } catch {
    return null;
  }
}

/** Tracks CPU used between start and now, and the peak RSS, per named process. */
export function createProcTracker(pids: () => Record<string, number>) {
  const start = new Map<string, number>();
  const peak = new Map<string, number>();
  const last = new Map<string, ProcSample>();
  const sample = () => {
    for (const [name, pid] of Object.entries(pids())) {
      const s = sampleProcess(pid);
      if (!s) continue;
      if (!start.has(name)) start.set(name, s.cpuSeconds);
      peak.set(name, Math.max(peak.get(name) ?? 0, s.rssMb));
      last.set(name, s);
    }
  };
  sample();
  const timer = setInterval(sample, 1000);
  timer.unref();
  return {
    sample,
    stop(): Record<string, { cpuSeconds: number; rssMb: number; rssPeakMb: number }> {
      clearInterval(timer);
      sample();
      const out: Record<string, { cpuSeconds: number; rssMb: number; rssPeakMb: number }> = {};
      for (const [name, s] of last)
        out[name] = {
          cpuSeconds: round(s.cpuSeconds - (start.get(name) ?? 0)),
          rssMb: round(s.rssMb),
          rssPeakMb: round(peak.get(name) ?? s.rssMb),
        };
      return out;
    },
  };
}

export const round = (x: number, digits = 1): number => Number(x.toFixed(digits));

/** Pid of the local process listening on a TCP port (read with `ss`), or null. */
export function listenerPid(port: number): number | null {
  try {
    const out = execFileSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' });
    const pid = /pid=(\d+)/.exec(out)?.[1];
    return pid ? Number(pid) : null;
  } catch {
    return null;
  }
}

/** The Redis server's pid when REDIS_URL points at this machine. */
export function localRedisPid(): number | null {
  const url = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  return url.hostname === '127.0.0.1' || url.hostname === 'localhost'
    ? listenerPid(Number(url.port || 6379))
    : null;
}

/** The Kafka broker's pid when the first configured broker listens on this machine. */
export function localBrokerPid(): number | null {
  const first = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')[0]!;
  const [host, port] = first.split(':');
  return host === '127.0.0.1' || host === 'localhost' ? listenerPid(Number(port ?? 9092)) : null;
}

/** CPU seconds the Redis server has used (INFO cpu, main process). */
export async function redisCpuSeconds(redis: Redis): Promise<number | null> {
  const info = await redis.info('cpu').catch(() => '');
  const sys = /used_cpu_sys:([\d.]+)/.exec(info)?.[1];
  const user = /used_cpu_user:([\d.]+)/.exec(info)?.[1];
  return sys && user ? Number(sys) + Number(user) : null;
}

/** CPU seconds (utime + stime from /proc/<pid>/stat) of each named process, now. */
export function cpuSnapshot(pids: Record<string, number>): Map<string, { pid: number; s: number }> {
  const out = new Map<string, { pid: number; s: number }>();
  for (const [name, pid] of Object.entries(pids)) {
    const sample = sampleProcess(pid);
    if (sample) out.set(name, { pid, s: sample.cpuSeconds });
  }
  return out;
}

export interface CpuPerItem {
  /** Summed over the pipeline's processes (services, Kafka, Redis); the bench itself is apart. */
  total: number;
  /** Per process; a process that restarted inside the window is left out (and named). */
  [process: string]: number;
}

/**
 * Milliseconds of CPU per item over a window: the utime + stime delta of each process between
 * two snapshots divided by the items the window completed. `exclude` names processes reported
 * on their own but kept out of the total (the bench's own feed server and receiver).
 */
export function cpuMsPerItem(
  from: Map<string, { pid: number; s: number }>,
  to: Map<string, { pid: number; s: number }>,
  items: number,
  exclude: string[] = [],
): { cpuMsPerItem: CpuPerItem; restarted: string[] } {
  const perItem: CpuPerItem = { total: 0 };
  const restarted: string[] = [];
  if (items <= 0) return { cpuMsPerItem: perItem, restarted };
  let total = 0;
  for (const [name, end] of to) {
    const start = from.get(name);
    if (!start || start.pid !== end.pid) {
      restarted.push(name);
      continue;
    }
    const ms = ((end.s - start.s) * 1000) / items;
    perItem[name] = round(ms, 3);
    if (!exclude.includes(name)) total += ms;
  }
  perItem.total = round(total, 3);
  return { cpuMsPerItem: perItem, restarted };
}
