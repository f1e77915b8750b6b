import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { ParseFeedResult } from '../core/parse-feed.ts';

// parseFeed off the event loop: a few worker threads, each job with a time budget. A feed that
// takes longer is given up (its worker is terminated and replaced), so a pathological feed
// delays the others by at most its own budget, and a parser that runs out of memory takes only
// its worker down (resourceLimits), never the poller.

export interface ParsePoolOptions {
  workers: number;
  timeoutMs: number;
  /** Heap limit of each worker. */
  maxHeapMb: number;
}

interface Pending {
  id: number;
  bytes: Uint8Array;
  headers: Record<string, string | undefined>;
  url: string;
  resolve: (r: ParseFeedResult) => void;
}

interface Slot {
  worker: Worker;
  job?: Pending;
  timer?: NodeJS.Timeout;
  dropped?: boolean;
}

const WORKER_URL = new URL('./parse-worker.ts', import.meta.url).href;
/** tsx's API: a worker's --import hooks do not load a .ts entry on Node 20, so it imports it. */
// (require.resolve finds the CommonJS build; its ESM twin sits beside it.)
const TSX_API = pathToFileURL(
  createRequire(import.meta.url)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs'),
).href;
const BOOT = `const { workerData } = require('node:worker_threads');
import(workerData.tsx).then(({ tsImport }) => tsImport(workerData.entry, workerData.entry));`;

export class ParsePool {
  private readonly idle: Slot[] = [];
  private readonly queue: Pending[] = [];
  private slots = 0;
  private nextId = 0;
  private closed = false;

  constructor(private readonly opts: ParsePoolOptions) {}

  parse(
    bytes: Buffer,
    headers: Record<string, string | undefined>,
    url: string,
  ): Promise<ParseFeedResult> {
    if (this.closed) return Promise.resolve({ ok: false, reason: 'the poller is stopping' });
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, bytes: new Uint8Array(bytes), headers, url, resolve });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0))
      job.resolve({ ok: false, reason: 'the poller is stopping' });
    await Promise.all(this.idle.splice(0).map((s) => s.worker.terminate()));
  }

  private pump(): void {
    while (this.queue.length) {
      const slot = this.idle.pop() ?? (this.slots < this.opts.workers ? this.spawn() : undefined);
      if (!slot) return;
      this.run(slot, this.queue.shift()!);
    }
  }

  private spawn(): Slot {
    this.slots++;
    const worker = new Worker(BOOT, {
      eval: true,
      workerData: { tsx: TSX_API, entry: WORKER_URL },
      resourceLimits: { maxOldGenerationSizeMb: this.opts.maxHeapMb },
    });
    worker.unref();
    const slot: Slot = { worker };
    worker.on('message', (msg: { id: number; result: ParseFeedResult }) => {
      if (slot.job?.id !== msg.id) return;
      this.finish(slot, msg.result);
    });
    const lost = (why: string) => {
      if (slot.timer) clearTimeout(slot.timer);
      const job = slot.job;
      delete slot.job;
      this.drop(slot);
      job?.resolve({ ok: false, reason: why });
      this.pump();
    };
    worker.on('error', (err) => lost(`the parser failed: ${err.message.slice(0, 200)}`));
    worker.on('exit', () => lost('the parser stopped'));
    return slot;
  }

  private run(slot: Slot, job: Pending): void {
    slot.job = job;
    slot.timer = setTimeout(() => {
      delete slot.job;
      this.drop(slot);
      void slot.worker.terminate();
      job.resolve({
        ok: false,
        reason: `parsing took longer than its budget of ${this.opts.timeoutMs} ms, given up`,
      });
      this.pump();
    }, this.opts.timeoutMs);
    slot.timer.unref();
    slot.worker.postMessage({ id: job.id, bytes: job.bytes, headers: job.headers, url: job.url }, [
      job.bytes.buffer as ArrayBuffer,
    ]);
  }

  private finish(slot: Slot, result: ParseFeedResult): void {
    if (slot.timer) clearTimeout(slot.timer);
    const job = slot.job;
    delete slot.job;
    job?.resolve(result);
    if (this.closed) void slot.worker.terminate();
    else this.idle.push(slot);
    this.pump();
  }

  /** Forgets a worker that timed out or died; a new one is spawned on demand. */
  private drop(slot: Slot): void {
    const i = this.idle.indexOf(slot);
    if (i >= 0) this.idle.splice(i, 1);
    if (slot.dropped) return;
    slot.dropped = true;
    this.slots--;
  }
}
