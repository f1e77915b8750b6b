import { describe, it, expect, afterAll } from 'vitest';
import { ParsePool } from './parse-pool.ts';

const FEED = Buffer.from(
  '<rss version="2.0"><channel><title>T</title><item><title>A</title><guid>g</guid></item></channel></rss>',
);

describe('ParsePool', () => {
  const pool = new ParsePool({ workers: 2, timeoutMs: 20_000, maxHeapMb: 128 });
  afterAll(() => pool.close());

  it('parses in a worker thread what parseFeed parses', async () => {
    const r = await pool.parse(FEED, {}, 'https://ex.org/f');
    expect(r.ok && r.feed.entries.map((e) => e.title)).toEqual(['A']);
  });
  it('gives up a feed past its budget and keeps serving the others', async () => {
    const tight = new ParsePool({ workers: 1, timeoutMs: 1, maxHeapMb: 128 });
    try {
      // A first job that cannot finish within 1 ms (the worker is still starting).
      const slow = await tight.parse(FEED, {}, 'https://ex.org/slow');
      expect(slow).toEqual({ ok: false, reason: expect.stringMatching(/budget of 1 ms/) });
    } finally {
      await tight.close();
    }
    // The shared pool is unaffected by another pool's terminated worker.
    const again = await pool.parse(FEED, {}, 'https://ex.org/f');
    expect(again.ok).toBe(true);
  });
  it('answers a closed pool without hanging', async () => {
    const p = new ParsePool({ workers: 1, timeoutMs: 1000, maxHeapMb: 64 });
    await p.close();
    expect(await p.parse(FEED, {}, 'https://ex.org/f')).toMatchObject({ ok: false });
  });
});
