import { parentPort, workerData } from 'node:worker_threads';
import { startReceiver } from './receiver.ts';

// The bench's receiver in its own thread (its own core), so verifying signatures does not
// compete with the delivery worker's event loop. Reports the receipt time of each webhook-id.

const { secret } = workerData as { secret: string };
const received: Array<[string, number]> = [];
const receiver = await startReceiver({
  secret,
  keepLog: false,
  onAccepted: (r) => received.push([r.id ?? '', Date.now()]),
});
parentPort!.postMessage({ type: 'ready', url: receiver.url });
parentPort!.on('message', (msg: { type: string }) => {
  if (msg.type === 'count') parentPort!.postMessage({ type: 'count', n: received.length });
  if (msg.type === 'report') {
    parentPort!.postMessage({
      type: 'report',
      received,
      badSignatures: receiver.badSignatures,
    });
    void receiver.close().then(() => parentPort!.close());
  }
});
