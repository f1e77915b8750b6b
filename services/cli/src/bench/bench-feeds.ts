import { startFeedServer } from './feed-server.ts';
import { createItemSource } from './synthetic-items.ts';

// The feed side of a load run: a local RSS server with enough feeds that, polled every ~10 s,
// no feed holds more items than the poller remembers as seen (poller.seenPerFeed, 2000), and
// a publisher that adds new items across the feeds at the requested rate.

export interface BenchFeeds {
  feedUrls: string[];
  /** Adds `total` items over `durationS`; `onTick` about every second with the count so far. */
  publish(
    total: number,
    durationS: number,
    onTick?: (sent: number) => void | Promise<void>,
  ): Promise<number>;
  close(): Promise<void>;
}

const KEEP = 1000;

export async function startBenchFeeds(rate: number, runId: string): Promise<BenchFeeds> {
  const server = await startFeedServer();
  // ~12 s of items (interval 10 s + jitter) must fit in KEEP items per feed, with room to spare.
  // At most ~300 new items per feed per poll: the poller sends one poll as one Kafka batch.
  const count = Math.max(2, Math.ceil((rate * 12) / 300));
  const paths = Array.from({ length: count }, (_, i) => `/bench/${i}.xml`);
  for (const p of paths) server.setItems(p, []);
  const items = createItemSource(runId);
  return {
    feedUrls: paths.map((p) => server.feedUrl(p)),
    async publish(total, durationS, onTick) {
      const start = Date.now();
      let sent = 0;
      let lastTick = start;
      while (sent < total) {
        const due = Math.min(
          total,
          Math.floor(((Date.now() - start) / 1000) * (total / durationS)) + 1,
        );
        const byFeed = new Map<string, ReturnType<typeof items.next>[]>();
        for (; sent < due; sent++) {
          const p = paths[sent % paths.length]!;
          (byFeed.get(p) ?? byFeed.set(p, []).get(p)!).push(items.next());
        }
        for (const [p, list] of byFeed) server.addItems(p, list, KEEP);
        if (onTick && Date.now() - lastTick >= 1000) {
          lastTick = Date.now();
          await onTick(sent);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      return sent;
    },
    close: () => server.close(),
  };
}
