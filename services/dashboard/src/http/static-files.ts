import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerResponse } from 'node:http';

// The pages are hand-written files under public/ (no build step): HTML, one stylesheet and plain
// ES modules (common.js shared by every page, live/ and archive/ the panels of each), loaded
// with <script type="module"> from /static/. Each is read once and served with an ETag so
// reloads cost a 304.

export const publicDir = fileURLToPath(new URL('../../public/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

const cache = new Map<string, { body: Buffer; etag: string }>();

export async function serveStatic(
  name: string,
  res: ServerResponse,
  ifNoneMatch: string | undefined,
): Promise<boolean> {
  const path = normalize(join(publicDir, name));
  if (!path.startsWith(publicDir) || !TYPES[extname(path)]) return false;
  let file = cache.get(path);
  if (!file) {
    const body = await readFile(path).catch(() => null);
    if (!body) return false;
    file = { body, etag: `"${body.length.toString(36)}-${hash(body)}"` };
    cache.set(path, file);
  }
  const headers = {
    'content-type': TYPES[extname(path)]!,
    etag: file.etag,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
  };
  if (ifNoneMatch === file.etag) res.writeHead(304, headers).end();
  else res.writeHead(200, { ...headers, 'content-length': file.body.length }).end(file.body);
  return true;
}

function hash(buf: Buffer): string {
  let h = 5381;
  for (const b of buf) h = ((h * 33) ^ b) >>> 0;
  return h.toString(36);
}
