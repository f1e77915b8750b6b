import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import { createGzip, gzipSync, brotliCompressSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { assertPublicUrl, isPrivateAddress, NetError } from './address-guard.ts';
import { safeFetch, closeAgents } from './safe-fetch.ts';

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    'fd00:ec2::254',
    'fe80::1',
    '64:ff9b::10.0.0.1',
    // Gaps found in issue 20: IPv4-compatible, SIIT, local-use NAT64, Teredo, 6to4.
    '::127.0.0.1',
    '::7f00:1',
    '::ffff:0:127.0.0.1',
    '64:ff9b:1::a00:1',
    '64:ff9b::a9fe:a9fe',
    '2001:0:a00:1::f7f7:f7f7', // Teredo, server 10.0.0.1
    '2001:0:4136:e378:8000:63bf:f5ff:fffe', // Teredo, client 10.0.0.1
    '2002:a00:1::1', // 6to4 of 10.0.0.1
    '2002:c0a8:101::1', // 6to4 of 192.168.1.1
    '2001:db8::1',
    '100::1',
    'not-an-ip',
  ])('refuses %s', (ip) => expect(isPrivateAddress(ip)).toBe(true));
  it.each([
    '8.8.8.8',
    '151.101.1.140',
    '2a04:4e42::81',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
    '2001:0:4136:e378:8000:63bf:f7f7:f7f7',
  ])('allows %s', (ip) => expect(isPrivateAddress(ip)).toBe(false));
});

describe('assertPublicUrl', () => {
  it('refuses loopback, metadata and odd schemes', async () => {
    await expect(assertPublicUrl('http://127.0.0.1/feed')).rejects.toThrow(NetError);
    await expect(assertPublicUrl('http://[::1]/')).rejects.toThrow(/private/);
    await expect(assertPublicUrl('http://169.254.169.254/latest')).rejects.toThrow(/private/);
    await expect(assertPublicUrl('http://localhost:8080/')).rejects.toThrow(/local/);
    await expect(assertPublicUrl('file:///etc/passwd')).rejects.toThrow(/http/);
    for (const url of [
      'http://[::127.0.0.1]/',
      'http://[::ffff:0:127.0.0.1]/',
      'http://[64:ff9b:1::a00:1]/',
      'http://[64:ff9b::127.0.0.1]/',
      'http://[2002:7f00:1::1]/',
      'http://[2001:0:a00:1::f7f7:f7f7]/',
    ])
      await expect(assertPublicUrl(url), url).rejects.toThrow(/private/);
    await expect(assertPublicUrl('http://user:pw@example.com/')).rejects.toThrow(/credentials/);
  });
  it('allows what the policy allows', async () => {
    await expect(
      assertPublicUrl('http://127.0.0.1/', { allowPrivate: true }),
    ).resolves.toBeInstanceOf(URL);
    await expect(
      assertPublicUrl('http://127.0.0.1/', { allowHosts: ['127.0.0.1'] }),
    ).resolves.toBeInstanceOf(URL);
    await expect(assertPublicUrl('http://8.8.8.8/')).resolves.toBeInstanceOf(URL);
  });
});

describe('safeFetch against a local server', () => {
  let server: Server;
  let base = '';
  const body = 'x'.repeat(5000);
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/gzip') {
        res.writeHead(200, { 'content-encoding': 'gzip' });
        res.end(gzipSync(body));
      } else if (req.url === '/br') {
        res.writeHead(200, { 'content-encoding': 'br' });
        res.end(brotliCompressSync(body));
      } else if (req.url === '/bomb') {
        res.writeHead(200, { 'content-encoding': 'gzip' });
        res.end(gzipSync(Buffer.alloc(5_000_000)));
      } else if (req.url === '/moved') {
        res.writeHead(301, { location: '/gzip' });
        res.end();
      } else if (req.url === '/loop') {
        res.writeHead(302, { location: '/loop' });
        res.end();
      } else if (req.url === '/drip') {
        res.writeHead(200);
        const t = setInterval(() => res.write('a'), 50);
        res.on('close', () => clearInterval(t));
      } else {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(`ua=${req.headers['user-agent']}`);
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await closeAgents();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  const allow = { allowHosts: ['127.0.0.1'] };

  it('refuses the local server without permission', async () => {
    await expect(safeFetch(`${base}/`)).rejects.toMatchObject({ code: 'blocked-address' });
  });
  it('sends a descriptive user agent', async () => {
    const res = await safeFetch(`${base}/`, allow);
    expect(res.body.toString()).toMatch(/ua=Faultline/);
  });
  it('decompresses gzip and br', async () => {
    expect((await safeFetch(`${base}/gzip`, allow)).body.toString()).toBe(body);
    expect((await safeFetch(`${base}/br`, allow)).body.toString()).toBe(body);
  });
  it('caps the decompressed size', async () => {
    await expect(safeFetch(`${base}/bomb`, { ...allow, maxBytes: 100_000 })).rejects.toMatchObject({
      code: 'too-large',
    });
  });
  it('follows and remembers permanent redirects, and limits loops', async () => {
    const res = await safeFetch(`${base}/moved`, allow);
    expect(res.permanentUrl).toBe(`${base}/gzip`);
    expect(res.body.toString()).toBe(body);
    await expect(safeFetch(`${base}/loop`, { ...allow, maxRedirects: 3 })).rejects.toMatchObject({
      code: 'too-many-redirects',
    });
  });
  it('gives up on a slow-drip body', async () => {
    await expect(
      safeFetch(`${base}/drip`, { ...allow, totalTimeoutMs: 400 }),
    ).rejects.toMatchObject({ code: 'timeout' });
  });
});

describe('safeFetch against an endless gzip bomb', () => {
  // The server compresses zeros for as long as the client reads: a client that inflated the
  // whole body before applying the cap would never finish. Ours stops reading at the cap.
  let server: Server;
  let base = '';
  let sentCompressed = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/rss+xml' });
      const gz = createGzip({ level: 9 });
      gz.on('data', (c: Buffer) => {
        sentCompressed += c.length;
        if (!res.write(c)) gz.pause();
      });
      res.on('drain', () => gz.resume());
      const zeros = Buffer.alloc(1 << 20);
      const pump = () => {
        if (res.destroyed || res.writableEnded) return gz.destroy();
        gz.write(zeros, () => setImmediate(pump));
      };
      res.on('close', () => gz.destroy());
      pump();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('aborts at the decompressed size cap while inflating', async () => {
    const maxBytes = 4 * 1024 * 1024;
    const err = await safeFetch(`${base}/bomb`, { allowPrivate: true, maxBytes }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(NetError);
    expect((err as NetError).code).toBe('too-large');
    // 4 MiB of zeros is ~4 KB of gzip; allow the socket's buffers on top, far below a full read.
    expect(sentCompressed).toBeLessThan(2 * 1024 * 1024);
  });
});
