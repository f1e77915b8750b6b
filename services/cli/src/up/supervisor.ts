import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

// Runs each service as its own process (as in production, where each is a container), writes
// its JSON logs to a file, echoes warnings and errors to the terminal, restarts a crashed
// service with backoff, and stops them all with SIGTERM so each shuts down gracefully.
//
// No orphans: each service runs in its own process group (with whatever it starts, e.g. tsx's
// esbuild), signals go to the whole group, every group still alive is SIGKILLed when this
// process exits for any reason, and each service stops by itself when its supervisor is gone
// (FAULTLINE_PARENT_PID, checked by runService), which covers a supervisor killed with -9.

export interface ServiceSpec {
  name: string;
  entry: string;
  env?: Record<string, string>;
}

export interface Supervisor {
  /** Sends a signal to one service (SIGKILL simulates a crash; it is restarted with backoff). */
  kill(name: string, signal?: NodeJS.Signals): boolean;
  /** Process ids of the running services, by name. */
  pids(): Record<string, number>;
  /** Resolves once `name` has exited and been started again. */
  restarted(name: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * With FAULTLINE_CPU_PROF_DIR set, every service writes V8 CPU profiles into `<dir>/<service>/`
 * when it exits (the largest file is the main thread; open it in Chrome DevTools). Node refuses
 * --cpu-prof in NODE_OPTIONS, so the supervisor passes it. For finding where a service's time
 * goes under `bench pipeline`; the profiler costs a few per cent.
 */
/** Every live service group of every supervisor in this process, killed on exit. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pgid of liveGroups) signalGroup(pgid, 'SIGKILL');
  });
}

/** Signals a whole process group; false when it is gone already. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** How long stop() waits for a graceful exit before SIGKILL (services bound theirs to 4 s). */
const STOP_GRACE_MS = 6000;

function profileArgs(name: string): string[] {
  const dir = process.env.FAULTLINE_CPU_PROF_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${join(dir, name)}`] : [];
}

export function superviseServices(
  specs: ServiceSpec[],
  options: { logDir: string; env: NodeJS.ProcessEnv; echo?: boolean },
): Supervisor {
  mkdirSync(options.logDir, { recursive: true });
  installExitHook();
  const children = new Map<string, ChildProcess>();
  const waiters = new Map<string, Array<() => void>>();
  let stopping = false;

  function start(spec: ServiceSpec, restarts: number): void {
    const file = createWriteStream(join(options.logDir, `${spec.name}.log`), { flags: 'a' });
    const child = spawn(
      process.execPath,
      [...profileArgs(spec.name), '--import', 'tsx', spec.entry],
      {
        env: { ...options.env, ...spec.env, FAULTLINE_PARENT_PID: String(process.pid) },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true, // its own process group: a terminal's Ctrl-C reaches us, we stop it
      },
    );
    const pgid = child.pid;
    if (pgid) liveGroups.add(pgid);
    children.set(spec.name, child);
    for (const w of waiters.get(spec.name) ?? []) w();
    waiters.delete(spec.name);
    for (const stream of [child.stdout!, child.stderr!]) {
      stream.pipe(file, { end: false });
      if (options.echo !== false)
        createInterface({ input: stream }).on('line', (line) => echo(spec.name, line));
    }
    const startedAt = Date.now();
    child.on('exit', (code, signal) => {
      // Whatever the service started dies with it (its group), then the group is forgotten.
      if (pgid) {
        signalGroup(pgid, 'SIGKILL');
        liveGroups.delete(pgid);
      }
      children.delete(spec.name);
      file.end();
      if (stopping) return;
      const quick = Date.now() - startedAt < 30_000;
      const next = quick ? restarts + 1 : 0;
      const delay = Math.min(250 * 2 ** next, 30_000);
      if (options.echo !== false)
        console.error(
          `[${spec.name}] exited (${signal ?? `code ${code}`}); restarting in ${delay / 1000}s`,
        );
      setTimeout(() => !stopping && start(spec, next), delay).unref();
    });
  }

  for (const spec of specs) start(spec, 0);

  return {
    kill: (name, signal = 'SIGKILL') => {
      const pid = children.get(name)?.pid;
      return pid ? signalGroup(pid, signal) : false;
    },
    pids: () => Object.fromEntries([...children].map(([n, c]) => [n, c.pid ?? -1])),
    restarted: (name) =>
      new Promise<void>(
        (resolve) => void (waiters.get(name) ?? waiters.set(name, []).get(name)!).push(resolve),
      ),
    async stop() {
      stopping = true;
      const exits = [...children.values()].map(
        (c) =>
          new Promise<void>((resolve) =>
            c.exitCode !== null ? resolve() : c.once('exit', () => resolve()),
          ),
      );
      for (const c of children.values()) if (c.pid) signalGroup(c.pid, 'SIGTERM');
      const timer = setTimeout(() => {
        for (const c of children.values()) if (c.pid) signalGroup(c.pid, 'SIGKILL');
      }, STOP_GRACE_MS);
      await Promise.all(exits);
      clearTimeout(timer);
    },
  };
}

const LEVELS: Record<number, string> = { 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** Echoes warnings and errors (pino JSON) and anything that is not JSON, e.g. a crash trace. */
function echo(service: string, line: string): void {
  let entry: { level?: number; msg?: string } | null = null;
  try {
    entry = JSON.parse(line) as { level?: number; msg?: string };
  } catch {
    console.error(`[${service}] ${line}`);
    return;
  }
  if (entry && typeof entry.level === 'number' && entry.level >= 40)
    console.error(`[${service}] ${LEVELS[entry.level] ?? entry.level} ${entry.msg ?? ''}`);
}
