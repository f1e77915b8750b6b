import type { Logger } from './log.ts';
import { createLogger } from './log.ts';
import { createMetrics, type StageMetrics } from './metrics.ts';
import { startHealthServer, type Check, type HealthServer } from './http/health-server.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';

// The lifecycle every service shares: logger, metrics, health server, and a graceful shutdown on
// SIGTERM/SIGINT that stops intake, lets in-flight work finish, commits and disconnects, in the
// reverse order things were started.

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
  shutdownTimeoutMs?: number;
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
      const timeout = options.shutdownTimeoutMs ?? 30_000;
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

  try {
    await options.start(ctx);
  } catch (err) {
    log.error({ err }, `${options.name} failed to start`);
    await stop('start failed');
    throw err;
  }
  return { ctx, http, stop };
}

/** Wires SIGTERM/SIGINT to a graceful stop, then exits. For main.ts files. */
export function stopOnSignals(service: RunningService): void {
  const handler = (signal: NodeJS.Signals) => {
    void service.stop(signal).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}
