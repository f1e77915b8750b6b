import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Logger } from '@faultline/shared/log';

// The archive's /api/v1 through the dashboard, so the archive pages (search, story, alert
// history, long tension trends) are same-origin and use the dashboard's own sign-in. The
// dashboard has already checked the visitor's credentials; it forwards GETs with the archive
// token (the dashboard's token, which the archive takes) and streams the answer back as it
// comes (exports included), status, type and rate-limit headers unchanged. A `token` query
// parameter is never forwarded.

export interface ArchiveProxyOptions {
  /** Where the archive serves /api/v1, e.g. http://127.0.0.1:9305. */
  baseUrl: string;
  token?: string | undefined;
  log: Logger;
  /** Longest wait for the archive's first byte (an export then streams as long as it takes). */
  timeoutMs?: number;
}

const PASSED = ['content-type', 'content-disposition', 'retry-after', 'www-authenticate'];

export function createArchiveProxy(options: ArchiveProxyOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');
  return async function proxy(req: IncomingMessage, res: ServerResponse, url: URL): Promise<true> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      problem(res, 405, 'Method not allowed', 'the archive API is read-only (GET)');
      return true;
    }
    const search = new URLSearchParams(url.searchParams);
    search.delete('token');
    const target = `${base}${url.pathname}${search.size ? `?${search}` : ''}`;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), options.timeoutMs ?? 15_000);
    res.on('close', () => abort.abort());
    let upstream: Response;
    try {
      upstream = await fetch(target, {
        method: req.method,
        headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
        redirect: 'manual',
        signal: abort.signal,
      });
    } catch (err) {
      clearTimeout(timer);
      if (!res.destroyed) {
        options.log.warn({ err, archive: base }, 'archive did not answer');
        problem(res, 503, 'Archive unavailable', `the archive at ${base} did not answer`);
      }
      return true;
    }
    clearTimeout(timer);
    const headers: Record<string, string> = { 'cache-control': 'no-store' };
    for (const h of PASSED) {
      const v = upstream.headers.get(h);
      if (v !== null) headers[h] = v;
    }
    res.writeHead(upstream.status, headers);
    if (!upstream.body) return (res.end(), true);
    await pipeline(Readable.fromWeb(upstream.body as never), res).catch(() => {
      // The browser went away mid-answer (or the archive did): nothing left to tell anyone.
      res.destroy();
    });
    return true;
  };
}

function problem(res: ServerResponse, status: number, title: string, detail: string): void {
  res.writeHead(status, {
    'content-type': 'application/problem+json',
    'cache-control': 'no-store',
  });
  res.end(JSON.stringify({ type: 'about:blank', title, status, detail }));
}
