import { parentPort } from 'node:worker_threads';
import { parseFeed } from '../core/parse-feed.ts';

// The worker side of parse-pool.ts: parses one feed per message, answers with the result.

interface Job {
  id: number;
  bytes: Uint8Array;
  headers: Record<string, string | undefined>;
  url: string;
}

parentPort?.on('message', (job: Job) => {
  const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
  parseFeed(bytes, job.headers, job.url).then(
    (result) => parentPort?.postMessage({ id: job.id, result }),
    (err: unknown) =>
      parentPort?.postMessage({
        id: job.id,
        result: {
          ok: false,
          reason: `the parser failed: ${(err as Error).message?.slice(0, 200)}`,
        },
      }),
  );
});
