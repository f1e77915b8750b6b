import { createServer, type Server } from 'node:http';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { repoRoot, seedPath } from '@faultline/shared/paths';
import { createRedis } from '@faultline/shared/queue';

// Offline demo: a local feed server whose feeds gain new items every second (articles the
// project ships, one with a junk headline tail like the seed, plus the seed document itself
// when ../shared/seed is present), and a local receiver that accepts the delivered alerts.

interface Article {
  slug: string;
  title: string;
  body: string[];
  tail?: string[];
}

export interface Demo {
  feedsUrl: string;
  receiverUrl: string;
  configFile: string;
  received: () => number;
  stop(): Promise<void>;
}

export function loadDemoArticles(): Article[] {
  const articles = JSON.parse(
    readFileSync(join(repoRoot, 'test/fixtures/demo/articles.json'), 'utf8'),
  ) as Article[];
  const dir = seedPath();
  if (dir) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt'))) {
      const [title = '', ...lines] = readFileSync(join(dir, file), 'utf8').split('\n');
      articles.unshift({ slug: `seed-${file.replace(/\W+/g, '-')}`, title, body: lines });
    }
  }
  return articles;
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * An RSS 2.0 document with the newest `items` first. Item links point at `linkBase` (default:
 * the feed server): the demo gives each feed its own made-up outlet under the reserved
 * `.example` domain, so a story syndicated on every feed counts as reported by independent
 * sources, as corroborated rules require (links are never fetched: the feeds carry the text).
 */
export function renderFeed(
  name: string,
  base: string,
  items: Array<{ guid: string; article: Article; at: Date }>,
  linkBase = base,
): string {
  const entries = items
    .map(({ guid, article, at }) => {
      const text = [...article.body, ...(article.tail ?? [])].join('\n');
      return `<item><title>${escapeXml(article.title)}</title><link>${linkBase}/articles/${guid}</link><guid isPermaLink="false">${guid}</guid><pubDate>${at.toUTCString()}</pubDate><description>${escapeXml(text)}</description></item>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Demo ${name}</title><link>${base}</link><description>Faultline demo feed</description>\n${entries}\n</channel></rss>`;
}

/** Removes the keys matching the patterns (SCAN, never KEYS, so Redis is not blocked). */
async function deleteKeys(url: string, patterns: string[]): Promise<void> {
  const redis = createRedis(url, { name: 'faultline-demo' });
  try {
    for (const match of patterns) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.unlink(...keys);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export interface DemoOptions {
  ratePerSecond: number;
  stateDir: string;
  feeds?: number;
  /** Called with a one-line description of each alert the receiver gets as a webhook. */
  onAlert?: (line: string) => void;
}

function describeAlert(body: string): string {
  try {
    const event = JSON.parse(body) as {
      type?: string;
      data?: { severity?: string; title?: string; ruleId?: string };
    };
    const a = event.data ?? {};
    return `${event.type ?? 'alert'} [${a.severity ?? '?'}] ${a.ruleId ?? ''}: ${a.title ?? ''}`;
  } catch {
    return body.slice(0, 120);
  }
}

export async function startDemo(options: DemoOptions): Promise<Demo> {
  const articles = loadDemoArticles();
  const feedCount = options.feeds ?? 3;
  const feeds: Array<Array<{ guid: string; article: Article; at: Date }>> = Array.from(
    { length: feedCount },
    () => [],
  );
  let seq = 0;
  const publish = () => {
    const article = articles[seq % articles.length]!;
    // Each story is syndicated: the same article appears on every feed (one story, many sources).
    feeds.forEach((items, f) => {
      items.unshift({ guid: `demo-${f}-${seq}`, article, at: new Date() });
      items.length = Math.min(items.length, 50);
    });
    seq++;
  };
  for (let i = 0; i < articles.length; i++) publish();
  const timer = setInterval(publish, Math.max(50, 1000 / Math.max(0.01, options.ratePerSecond)));

  let base = '';
  const feedServer = createServer((req, res) => {
    const m = /^\/feeds\/(\d+)\.xml$/.exec(req.url ?? '');
    const items = m ? feeds[Number(m[1])] : undefined;
    if (!items) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
    res.end(renderFeed(m![1]!, base, items, `https://outlet-${m![1]!}.example`));
  });
  base = await listen(feedServer);

  let received = 0;
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received++;
      res.writeHead(200).end('ok');
      if (req.url === '/webhook')
        options.onAlert?.(describeAlert(Buffer.concat(chunks).toString('utf8')));
    });
  });
  const receiverUrl = await listen(receiver);

  // Each demo run keeps its state under its own Redis prefix (stories, once-per-story alert
  // state, feed registry), so every run shows the seed alert again; stop() removes it.
  const keyPrefix = `faultline-demo-${Date.now().toString(36)}:`;
  mkdirSync(options.stateDir, { recursive: true });
  const configFile = join(options.stateDir, 'demo.yaml');
  writeFileSync(
    configFile,
    stringify({
      redis: { keyPrefix },
      feeds: feeds.map((_, i) => ({
        url: `${base}/feeds/${i}.xml`,
        name: `Demo feed ${i}`,
        tags: ['demo'],
        intervalS: 10,
      })),
      poller: { allowPrivateAddresses: true },
      alerter: {
        rulesFile: join(repoRoot, 'services/alerter/rules.example.yaml'),
        // The example rules notify these two destinations (by default both write to the
        // alerter's log); in the demo both are the local receiver.
        destinations: {
          'ops-slack': { type: 'slack', url: `${receiverUrl}/slack` },
          'siem-webhook': {
            type: 'webhook',
            url: `${receiverUrl}/webhook`,
            secrets: ['whsec_ZGVtby1zZWNyZXQtZm9yLWxvY2FsLW9ubHk='],
          },
        },
        allowPrivateDestinations: true,
      },
    }),
  );
  return {
    feedsUrl: `${base}/feeds/`,
    receiverUrl,
    configFile,
    received: () => received,
    async stop() {
      clearInterval(timer);
      await Promise.all(
        [feedServer, receiver].map((s) => {
          s.closeAllConnections();
          return new Promise((r) => s.close(r));
        }),
      );
      await deleteKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', [
        `${keyPrefix}*`,
        `bull:${keyPrefix.replace(/:/g, '-')}*`,
      ]).catch(() => undefined);
    },
  };
}
