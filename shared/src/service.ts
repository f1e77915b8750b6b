import type { Logger } from './log.ts';
import { createLogger } from './log.ts';
import { createMetrics, type StageMetrics } from './metrics.ts';
import { startHealthServer, type Check, type HealthServer } from './http/health-server.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';

// The lifecycle every service shares: logger, metrics, health server, and a graceful shutdown on
// SIGTERM/SIGINT that stops intake, lets in-flight work finish, commits and disconnects, in the
// reverse order things were started. The shutdown is bounded (DEFAULT_SHUTDOWN_MS, under the 5 s
// a supervisor or orchestrator is promised) even when Kafka, Redis or PostgreSQL cannot be
// reached, a second signal exits at once, and signals are handled from the first moment (a
// service still connecting at start stops as promptly as a running one).

/** The longest a graceful stop may take before the process exits anyway. */
export const DEFAULT_SHUTDOWN_MS = 4000;

/**
 * Set by a supervisor (`faultline up`, the test stacks) to its own pid: a service whose parent
 * is gone (killed, crashed) stops by itself instead of living on as an orphan.
 */
export const PARENT_PID_ENV = 'FAULTLINE_PARENT_PID';

export interface ServiceContext {
  name: string;
  log: Logger;
  metrics: StageMetrics;
  /** Registers a readiness check (broker, Redis ...). */
  addCheck(name: string, check: Check): void;
  /** Registers a step to run at shutdown; steps run last-registered first. */
  onShutdown(step: () => Promise<void> | void): void;
  /** Resolves when shutdown begins. */
  stopping: Promise<void>;
  /**
   * For a part that died for good (a consumer KafkaJS gave up on): shuts down gracefully, so
   * in-flight work finishes and its locks are released, then exits with code 1 for the
   * supervisor to restart the service. An abrupt exit left delivery jobs active in Redis, each
   * waiting for its lock to expire before another worker could take it.
   */
  fail(reason: string): void;
}

export interface RunServiceOptions {
  name: string;
  host: string;
  port: number;
  logLevel?: string;
  log?: Logger;
  /** Bound on a graceful stop (default DEFAULT_SHUTDOWN_MS). */
  shutdownTimeoutMs?: number;
  /**
   * For main.ts: SIGTERM/SIGINT stop the service from the moment runService is called (even
   * while start() is still connecting) and then exit; a second signal exits at once. Also stops
   * the service when the supervisor named by FAULTLINE_PARENT_PID exits.
   */
  exitOnSignals?: boolean;
  routes?: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
  start(ctx: ServiceContext): Promise<void>;
}

export interface RunningService {
  ctx: ServiceContext;
  http: HealthServer;
  stop(reason?: string): Promise<void>;
}

export async function runService(options: RunServiceOptions): Promise<RunningService> {
  const log =
    options.log ?? createLogger({ service: options.name, level: options.logLevel ?? 'info' });
  const metrics = createMetrics(options.name);
  const checks: Record<string, Check> = {};
  const steps: Array<() => Promise<void> | void> = [];
  let beginStop!: () => void;
  const stopping = new Promise<void>((r) => (beginStop = r));
  const ctx: ServiceContext = {
    name: options.name,
    log,
    metrics,
    addCheck: (name, check) => void (checks[name] = check),
    onShutdown: (step) => void steps.push(step),
    stopping,
    fail: (reason) => void stop(reason).finally(() => process.exit(1)),
  };
  // Set once stop() exists; a signal before that (health server still starting) is kept.
  const life: { stop?: (reason: string) => Promise<void>; early?: string } = {};
  if (options.exitOnSignals) {
    const exitAfter = (reason: string, code: number) =>
      void (life.stop ? life.stop(reason) : Promise.resolve()).then(
        () => process.exit(code),
        () => process.exit(1),
      );
    installSignalHandlers((signal) => {
      if (life.stop) exitAfter(signal, 0);
      else life.early = signal;
    });
    watchParent(() => exitAfter('supervisor exited', 1));
  }
  const http = await startHealthServer({
    host: options.host,
    port: options.port,
    registry: metrics.registry,
    checks,
    ...(options.routes ? { routes: options.routes } : {}),
  });
  log.info({ url: http.url }, `${options.name} serving /metrics, /healthz, /readyz`);

  let stopped: Promise<void> | undefined;
  const stop = (reason = 'requested') =>
    (stopped ??= (async () => {
      log.info({ reason }, `${options.name} shutting down`);
      beginStop();
      const timeout = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_MS;
      const timer = setTimeout(() => {
        log.error({ timeoutMs: timeout }, 'shutdown took too long, exiting');
        process.exit(1);
      }, timeout);
      timer.unref();
      for (const step of steps.reverse()) {
        try {
          await step();
        } catch (err) {
          log.error({ err }, 'shutdown step failed');
        }
      }
      await http.close();
      clearTimeout(timer);
      log.info(`${options.name} stopped`);
    })());

  life.stop = stop;
  if (life.early) void stop(life.early).then(() => process.exit(0));
  try {
    await options.start(ctx);
  } catch (err) {
    if (stopped) await new Promise(() => undefined); // stopping already: that path exits
    log.error({ err }, `${options.name} failed to start`);
    await stop('start failed');
    throw err;
  }
  return { ctx, http, stop };
}

/**
 * SIGTERM/SIGINT: the first calls `onFirst`, a second exits at once (128 + signal number, as a
 * shell reports it). Installed once per process.
 */
let signalsInstalled = false;
function installSignalHandlers(onFirst: (signal: NodeJS.Signals) => void): void {
  if (signalsInstalled) return;
  signalsInstalled = true;
  let received = 0;
  const handler = (signal: NodeJS.Signals) => {
    if (++received > 1) process.exit(signal === 'SIGINT' ? 130 : 143);
    onFirst(signal);
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}

/** Calls `onGone` once when the supervisor (FAULTLINE_PARENT_PID) is no longer our parent. */
function watchParent(onGone: () => void): void {
  const parent = Number(process.env[PARENT_PID_ENV]);
  if (!Number.isInteger(parent) || parent <= 1) return;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, 500);
  timer.unref();
}

/**
 * Wires SIGTERM/SIGINT to a graceful stop, then exits; a second signal exits at once. For
 * main.ts files that did not pass `exitOnSignals` (signals during start are then not handled).
 */
export function stopOnSignals(service: RunningService): void {
  installSignalHandlers((signal) => {
    void service.stop(signal).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
