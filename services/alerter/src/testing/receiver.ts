import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '../core/webhook-signing.ts';

// A local HTTP receiver on 127.0.0.1 for tests and the delivery bench: verifies Standard
// Webhooks signatures, and answers as a scenario says (fail, hang, 429), counting what it
// accepted per webhook-id so tests can check "exactly once".

export interface Reply {
  status?: number;
  retryAfter?: string;
  /** Hold the request this long, then drop the connection (a timeout on the sender's side). */
  hangMs?: number;
  /** Answer only after this many ms (a slow receiver; the sender's timeout may or may not hit). */
  delayMs?: number;
}

export interface Received {
  path: string;
  id: string | null;
  body: string;
  json: unknown;
  at: number;
}

export interface Receiver {
  url: string;
  /** Accepted (2xx) requests per webhook-id (or per body for unsigned Slack posts). */
  accepted: Map<string, number>;
  log: Received[];
  badSignatures: number;
  attempts: Map<string, number>;
  close(): Promise<void>;
}

export async function startReceiver(options: {
  secret?: string;
  reply?: (req: Received, attempt: number) => Reply;
  keepLog?: boolean;
  onAccepted?: (req: Received) => void;
}): Promise<Receiver> {
  const accepted = new Map<string, number>();
  const attempts = new Map<string, number>();
  const log: Received[] = [];
  let badSignatures = 0;
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  const server: Server = createServer((req, res) => {
    void read(req).then((body) => {
      const id = (req.headers['webhook-id'] as string | undefined) ?? null;
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {
        /* not JSON */
      }
      const entry: Received = { path: req.url ?? '/', id, body, json, at: Date.now() };
      if (options.keepLog !== false) log.push(entry);
      if (options.secret && id !== null) {
        const v = verifyWebhook(options.secret, req.headers, body);
        if (!v.ok) {
          badSignatures++;
          res.writeHead(401).end(v.reason);
          return;
        }
      }
      const key = id ?? `${entry.path}:${body.length}:${body.slice(0, 200)}`;
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      const reply = options.reply?.(entry, attempt) ?? {};
      if (reply.hangMs) {
        setTimeout(() => req.socket.destroy(), reply.hangMs);
        return;
      }
      const status = reply.status ?? 200;
      if (status >= 200 && status < 300) {
        accepted.set(key, (accepted.get(key) ?? 0) + 1);
        options.onAccepted?.(entry);
      }
      const answer = () =>
        res.writeHead(status, reply.retryAfter ? { 'retry-after': reply.retryAfter } : {}).end();
      if (reply.delayMs) setTimeout(answer, reply.delayMs);
      else answer();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    accepted,
    log,
    attempts,
    get badSignatures() {
      return badSignatures;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
