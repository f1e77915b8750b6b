import { Agent, request, type Dispatcher } from 'undici';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable, Transform } from 'node:stream';
import { assertPublicUrl, guardedLookup, NetError, type AddressPolicy } from './address-guard.ts';
import { redactUrlsIn } from './redact-url.ts';

// A polite, bounded HTTP client for URLs that come from users or feeds: every redirect hop is
// re-checked against the address policy, bodies are decompressed (gzip, deflate, br) with a cap
// on the decompressed size, and three clocks bound the exchange: connect, read (headers and the
// gap between body chunks) and total (defeats slow-drip servers).

export const DEFAULT_USER_AGENT =
  'Faultline/0.1 (self-hosted news monitor; +https://github.com/faultline/faultline)';

export interface SafeFetchOptions extends AddressPolicy {
  method?: 'GET' | 'HEAD' | 'POST' | 'PUT';
  headers?: Record<string, string>;
  body?: string | Buffer;
  userAgent?: string;
  /** TCP + TLS connect timeout (default 10 s). */
  connectTimeoutMs?: number;
  /** Longest wait for the headers and between two body chunks (default 15 s). */
  readTimeoutMs?: number;
  /** Longest the whole exchange may take, redirects and body included (default 30 s). */
  totalTimeoutMs?: number;
  /** Largest body accepted, counted after decompression (default 10 MiB). */
  maxBytes?: number;
  /** Redirects followed before giving up (default 5; 0 returns the 3xx response). */
  maxRedirects?: number;
  signal?: AbortSignal;
  /** A dispatcher to use instead of the shared guarded agent (it must do its own guarding). */
  dispatcher?: Dispatcher;
}

export interface SafeResponse {
  status: number;
  /** Lower-case header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  /** The URL that finally answered. */
  url: string;
  redirects: Array<{ status: number; from: string; to: string }>;
  /** Where the request permanently moved (301/308 chain from the start), if it did. */
  permanentUrl?: string;
}

const agents = new Map<string, Agent>();

/** The shared agent for a policy: guarded DNS lookup, keep-alive, connect timeout. */
export function guardedAgent(policy: AddressPolicy, connectTimeoutMs = 10_000): Agent {
  const key = JSON.stringify([
    policy.allowPrivate ?? false,
    policy.allowHosts ?? [],
    connectTimeoutMs,
  ]);
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({
      connect: { timeout: connectTimeoutMs, lookup: guardedLookup(policy) },
      keepAliveTimeout: 10_000,
    });
    agents.set(key, agent);
  }
  return agent;
}

/** Closes the shared agents (for CLI commands and tests, so the process can exit). */
export async function closeAgents(): Promise<void> {
  const list = [...agents.values()];
  agents.clear();
  await Promise.all(list.map((a) => a.close().catch(() => undefined)));
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const PERMANENT = new Set([301, 308]);

export async function safeFetch(
  url: string,
  options: SafeFetchOptions = {},
): Promise<SafeResponse> {
  const policy: AddressPolicy = {
    ...(options.allowPrivate !== undefined ? { allowPrivate: options.allowPrivate } : {}),
    ...(options.allowHosts ? { allowHosts: options.allowHosts } : {}),
  };
  const dispatcher = options.dispatcher ?? guardedAgent(policy, options.connectTimeoutMs);
  const readTimeout = options.readTimeoutMs ?? 15_000;
  const totalTimeout = options.totalTimeoutMs ?? 30_000;
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 5;
  const deadline = AbortSignal.timeout(totalTimeout);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  const redirects: SafeResponse['redirects'] = [];
  let permanentUrl: string | undefined;
  let permanentChain = true;
  let method = options.method ?? 'GET';
  let body = options.body;
  let current = url;
  let headers = { ...options.headers };
  try {
    for (;;) {
      const target = await assertPublicUrl(current, policy);
      const res = await request(target, {
        dispatcher,
        method,
        signal,
        headersTimeout: readTimeout,
        bodyTimeout: readTimeout,
        headers: {
          'user-agent': options.userAgent ?? DEFAULT_USER_AGENT,
          'accept-encoding': 'gzip, deflate, br',
          ...headers,
        },
        ...(body !== undefined ? { body } : {}),
      });
      const resHeaders = flattenHeaders(res.headers);
      const location = resHeaders.location;
      if (REDIRECTS.has(res.statusCode) && location && maxRedirects > 0) {
        res.body.resume();
        if (redirects.length >= maxRedirects)
          throw new NetError('too-many-redirects', `more than ${maxRedirects} redirects`);
        const next = new URL(location, target).toString();
        // Credentials go only to the origin they were given for (as fetch() does): a redirect
        // to another host, port or scheme is followed without Authorization or Cookie.
        if (new URL(next).origin !== new URL(target).origin)
          headers = Object.fromEntries(
            Object.entries(headers).filter(
              ([k]) =>
                !['authorization', 'cookie', 'proxy-authorization'].includes(k.toLowerCase()),
            ),
          );
        redirects.push({ status: res.statusCode, from: current, to: next });
        if (permanentChain && PERMANENT.has(res.statusCode)) permanentUrl = next;
        else permanentChain = false;
        if (
          res.statusCode === 303 ||
          ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')
        ) {
          method = 'GET';
          body = undefined;
        }
        current = next;
        continue;
      }
      const bytes =
        method === 'HEAD' || res.statusCode === 304 || res.statusCode === 204
          ? (res.body.resume(), Buffer.alloc(0))
          : await readBody(res.body, resHeaders, maxBytes);
      return {
        status: res.statusCode,
        headers: resHeaders,
        body: bytes,
        url: current,
        redirects,
        ...(permanentUrl !== undefined ? { permanentUrl } : {}),
      };
    }
  } catch (err) {
    throw toNetError(err, deadline.aborted, totalTimeout);
  }
}

function flattenHeaders(
  raw: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function decoderFor(encoding: string): Transform | null {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      return null;
  }
}

/** Reads a body, decompressing it, and refuses it once it passes `maxBytes`. */
async function readBody(
  stream: Readable,
  headers: Record<string, string>,
  maxBytes: number,
): Promise<Buffer> {
  const declared = Number(headers['content-length']);
  const encodings = (headers['content-encoding'] ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e && e !== 'identity');
  if (encodings.length === 0 && Number.isFinite(declared) && declared > maxBytes) {
    stream.destroy();
    throw new NetError('too-large', `body of ${declared} bytes exceeds the ${maxBytes}-byte limit`);
  }
  let source: Readable = stream;
  for (const enc of encodings.reverse()) {
    const decoder = decoderFor(enc);
    if (!decoder) {
      stream.destroy();
      throw new NetError('bad-encoding', `unsupported content-encoding ${enc}`);
    }
    source.on('error', (e) => decoder.destroy(e));
    source = source.pipe(decoder);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of source) {
      const buf = chunk as Buffer;
      total += buf.length;
      if (total > maxBytes) {
        throw new NetError('too-large', `body exceeds the ${maxBytes}-byte limit`);
      }
      chunks.push(buf);
    }
  } catch (err) {
    stream.destroy();
    if (err instanceof NetError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code.startsWith('Z_') || code.startsWith('ERR_BROTLI'))
      throw new NetError('bad-encoding', `the body is not valid ${encodings.join('+')}`, {
        cause: err,
      });
    throw err;
  }
  return Buffer.concat(chunks, total);
}

/** Maps undici / socket / DNS errors to a NetError with a plain-words message. */
export function toNetError(err: unknown, deadlineHit: boolean, totalMs: number): NetError {
  if (err instanceof NetError) return err;
  const e = err as { code?: string; name?: string; message?: string };
  if (deadlineHit)
    return new NetError('timeout', `no complete answer within ${totalMs / 1000} s`, { cause: err });
  switch (e.code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new NetError('timeout', 'the server did not accept a connection in time', {
        cause: err,
      });
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new NetError(
        'timeout',
        'the server accepted the connection but sent no answer in time',
        { cause: err },
      );
    case 'UND_ERR_BODY_TIMEOUT':
      return new NetError('timeout', 'the server stopped sending in the middle of the body', {
        cause: err,
      });
    case 'ECONNREFUSED':
      return new NetError('network', 'the server refused the connection', { cause: err });
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return new NetError('network', 'the connection was cut', { cause: err });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new NetError('dns', 'the host name does not resolve', { cause: err });
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return new NetError('network', `TLS certificate problem (${e.code})`, { cause: err });
  }
  if (e.name === 'AbortError' || e.name === 'TimeoutError')
    return new NetError('timeout', 'the request was cancelled', { cause: err });
  return new NetError('network', redactUrlsIn(e.message ?? String(err)), { cause: err });
}
