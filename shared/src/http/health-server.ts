import { createServer, type Server, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

// A small HTTP server for /metrics, /healthz and /readyz. Liveness says the process is up and
// its loops are turning; readiness runs every check (broker, Redis) and answers 503 with the
// failing ones named.

export type Check = () => Promise<void> | void;

export interface HealthServerOptions {
  host: string;
  port: number;
  registry: Registry;
  /** Named readiness checks; each throws (or rejects) with a plain-words reason when not ready. */
  checks?: Record<string, Check>;
  /** Extra routes served before the built-in ones; return true when handled. */
  routes?: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
}

export interface HealthServer {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function runChecks(checks: Record<string, Check>, timeoutMs = 2000) {
  const results: Record<string, { ok: boolean; error?: string }> = {};
  await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await withTimeout(Promise.resolve().then(check), timeoutMs);
        results[name] = { ok: true };
      } catch (err) {
        results[name] = { ok: false, error: err instanceof Error ? err.message : String(err) };
      }
    }),
  );
  return { ok: Object.values(results).every((r) => r.ok), checks: results };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e) => (clearTimeout(t), reject(e)),
    );
  });
}

export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const checks = options.checks ?? {};
  const server = createServer((req, res) => {
    void handle(req, res).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (options.routes && (await options.routes(req, res))) return;
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      res.writeHead(200, { 'content-type': options.registry.contentType });
      res.end(await options.registry.metrics());
    } else if (path === '/healthz') {
      sendJson(res, 200, { ok: true, uptimeS: Math.round(process.uptime()) });
    } else if (path === '/readyz') {
      const result = await runChecks(checks);
      sendJson(res, result.ok ? 200 : 503, result);
    } else {
      sendJson(res, 404, { error: 'not found' });
    }
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://${options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
