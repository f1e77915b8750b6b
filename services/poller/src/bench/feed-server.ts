import { createServer } from 'node:http';

// A local feed server for `faultline bench poll`, run as a child process so its CPU is not
// counted against the poller. /f/<n>: a small RSS feed with an ETag; most feeds never change
// (304 on a matching If-None-Match), every `changeEvery`-th feed gets a new item per request.

const changeEvery = Number(process.env.CHANGE_EVERY ?? 20);
const counters = new Map<number, number>();

function feed(n: number, version: number): string {
  const items = [0, 1, 2]
    .map((k) => version - k)
    .filter((v) => v >= 0)
    .map(
      (v) =>
        `<item><guid>feed-${n}-item-${v}</guid><title>Feed ${n} item ${v}</title><link>http://bench.local/${n}/${v}</link><pubDate>Mon, 06 Jan 2025 10:00:00 GMT</pubDate><description>Item ${v} of feed ${n}.</description></item>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench ${n}</title><link>http://bench.local/${n}</link>${items}</channel></rss>`;
}

const server = createServer((req, res) => {
  const n = Number(/^\/f\/(\d+)/.exec(req.url ?? '')?.[1] ?? -1);
  if (n < 0) return void res.writeHead(404).end();
  const changing = n % changeEvery === 0;
  const version = changing ? (counters.get(n) ?? 0) + 1 : 2;
  if (changing) counters.set(n, version);
  const etag = `"${n}-${version}"`;
  if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
  res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag });
  res.end(feed(n, version));
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(
    `${JSON.stringify({ port: typeof addr === 'object' && addr ? addr.port : 0 })}\n`,
  );
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
