import type { ServerResponse } from 'node:http';
import type { Snapshot } from '../core/model.ts';

// Server-Sent Events: each browser gets one event per snapshot section, and only for the
// sections that changed since it last heard (the header and pipeline change every tick; feeds,
// alerts and tension only when something happened), so a quiet page costs a few hundred bytes a
// second. A comment line every 15 s keeps proxies from closing an idle stream.

type Section = keyof Snapshot;
const SECTIONS: Section[] = [
  'summary',
  'services',
  'history',
  'pipeline',
  'feeds',
  'alerts',
  'tension',
];

interface Client {
  res: ServerResponse;
  last: Partial<Record<Section, string>>;
}

export interface SseHub {
  attach(res: ServerResponse, initial: Snapshot | null): void;
  publish(snapshot: Snapshot): void;
  size(): number;
  close(): void;
}

export function createSseHub(options: { maxClients?: number; retryMs?: number } = {}): SseHub {
  const clients = new Set<Client>();
  const maxClients = options.maxClients ?? 200;
  const heartbeat = setInterval(() => {
    for (const c of clients) c.res.write(': keep-alive\n\n');
  }, 15_000);
  heartbeat.unref();

  function send(client: Client, encoded: Map<Section, string>): void {
    let out = '';
    for (const [section, json] of encoded) {
      if (client.last[section] === json) continue;
      client.last[section] = json;
      out += `event: ${section}\ndata: ${json}\n\n`;
    }
    if (out) client.res.write(out);
  }

  const encode = (s: Snapshot) => new Map(SECTIONS.map((k) => [k, JSON.stringify(s[k])]));

  return {
    attach(res, initial) {
      if (clients.size >= maxClients) {
        res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '5' });
        res.end('too many live connections');
        return;
      }
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(`retry: ${options.retryMs ?? 2000}\n\n`);
      const client: Client = { res, last: {} };
      clients.add(client);
      res.on('close', () => clients.delete(client));
      if (initial) send(client, encode(initial));
    },
    publish(snapshot) {
      if (clients.size === 0) return;
      const encoded = encode(snapshot);
      for (const c of clients) send(c, encoded);
    },
    size: () => clients.size,
    close() {
      clearInterval(heartbeat);
      for (const c of clients) c.res.end();
      clients.clear();
    },
  };
}
