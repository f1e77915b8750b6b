import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../core/model.ts';
import { createSseHub } from './sse-hub.ts';

class FakeResponse extends EventEmitter {
  status = 0;
  chunks: string[] = [];
  writeHead(status: number) {
    this.status = status;
    return this;
  }
  write(chunk: string) {
    this.chunks.push(chunk);
    return true;
  }
  end(chunk?: string) {
    if (chunk) this.chunks.push(chunk);
  }
}

const snapshot = (at: string, feeds: Snapshot['feeds'] = []): Snapshot => ({
  summary: {
    at,
    health: 'ok',
    problems: [],
    itemsPerSecond: 1,
    lag: 0,
    dlq: 0,
    alerts24h: 0,
    feeds: { total: 0, failing: 0, paused: 0 },
  },
  services: [],
  pipeline: { stages: [], lag: [], dlq: [] },
  history: [],
  feeds,
  alerts: [],
  tension: { dyads: [], entities: [], note: null },
});

const events = (res: FakeResponse) =>
  res.chunks
    .join('')
    .match(/^event: (\w+)$/gm)
    ?.map((l) => l.slice(7)) ?? [];

describe('createSseHub', () => {
  it('sends every section first, then only the sections that changed', () => {
    const hub = createSseHub();
    const res = new FakeResponse();
    hub.attach(res as unknown as ServerResponse, snapshot('t0'));
    expect(res.status).toBe(200);
    expect(events(res)).toEqual([
      'summary',
      'services',
      'history',
      'pipeline',
      'feeds',
      'alerts',
      'tension',
    ]);
    res.chunks = [];
    hub.publish(snapshot('t1'));
    expect(events(res)).toEqual(['summary']);
    res.chunks = [];
    hub.publish(
      snapshot('t2', [
        {
          id: 'f',
          name: 'f',
          url: 'u',
          status: 'ok',
          paused: false,
          lastFetchAt: null,
          itemsPerDay: null,
          consecutiveFailures: 0,
          lastError: null,
        },
      ]),
    );
    expect(events(res)).toEqual(['summary', 'feeds']);
    res.emit('close');
    expect(hub.size()).toBe(0);
    hub.close();
  });

  it('refuses clients beyond the limit', () => {
    const hub = createSseHub({ maxClients: 1 });
    hub.attach(new FakeResponse() as unknown as ServerResponse, null);
    const second = new FakeResponse();
    hub.attach(second as unknown as ServerResponse, null);
    expect(second.status).toBe(503);
    hub.close();
  });
});
