import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { lookup } from 'node:dns/promises';
import { isPrivateAddress } from '@faultline/shared/net';
import { createDestinationGuard, guardOutcome } from './destination-guard.ts';
import { postJson } from './http-send.ts';
import { classifyResponse } from '../core/delivery-outcome.ts';

// The send-time SSRF guard against a real local server (loopback is exactly what it refuses).

let server: Server;
let base = '';
let hits = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    if (req.url === '/redirect') {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' });
      return res.end();
    }
    res.writeHead(200).end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('destination guard', () => {
  it('refuses loopback, localhost, metadata and mapped addresses before connecting', async () => {
    const guard = createDestinationGuard({});
    try {
      const before = hits;
      for (const url of [
        `${base}/hook`,
        `http://localhost:${new URL(base).port}/hook`,
        'http://169.254.169.254/latest',
        'http://[::ffff:127.0.0.1]/',
        'http://[::ffff:a9fe:a9fe]/',
      ]) {
        const err = await postJson(guard, url, '{}', {}, 2000).then(
          () => null,
          (e: unknown) => e,
        );
        expect(err, url).not.toBeNull();
        expect(guardOutcome(err), url).toMatchObject({ kind: 'permanent', reason: /SSRF guard/ });
      }
      expect(hits).toBe(before);
    } finally {
      await guard.close();
    }
  });

  it('resolves host names and refuses one whose addresses are private (not just literals)', async () => {
    // The machine's own name resolves without the network (/etc/hosts), usually to loopback.
    const name = hostname();
    const addresses = await lookup(name, { all: true }).catch(() => []);
    if (!addresses.length || !addresses.every((a) => isPrivateAddress(a.address))) {
      process.stderr.write(`skipped: ${name} does not resolve to a private address here\n`);
      return;
    }
    const guard = createDestinationGuard({});
    try {
      const err = await guard.check(`http://${name}:${new URL(base).port}/`).then(
        () => null,
        (e: unknown) => e,
      );
      expect(guardOutcome(err)).toMatchObject({ kind: 'permanent', reason: /resolves to/ });
    } finally {
      await guard.close();
    }
  });

  it('sends when the policy allows the host, and does not follow redirects', async () => {
    for (const policy of [{ allowPrivate: true }, { allowHosts: ['127.0.0.1'] }]) {
      const guard = createDestinationGuard(policy);
      try {
        expect((await postJson(guard, `${base}/hook`, '{}', {}, 2000)).status).toBe(200);
        const before = hits;
        const res = await postJson(guard, `${base}/redirect`, '{}', {}, 2000);
        expect(res.status).toBe(302);
        expect(hits).toBe(before + 1); // the redirect target was never requested
        expect(classifyResponse(res.status, res.retryAfter)).toMatchObject({
          kind: 'permanent',
          reason: /not followed/,
        });
      } finally {
        await guard.close();
      }
    }
  });

  it('treats an unresolvable name as retriable, other errors as not its business', async () => {
    const guard = createDestinationGuard({});
    try {
      const err = await guard.check('http://no-such-host.invalid/').then(
        () => null,
        (e: unknown) => e,
      );
      expect(guardOutcome(err)).toMatchObject({ kind: 'retry' });
    } finally {
      await guard.close();
    }
    expect(guardOutcome(new Error('ECONNRESET'))).toBeNull();
  });
});
