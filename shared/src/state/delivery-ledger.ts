import type { Redis } from 'ioredis';
import { createBucketedMap, type BucketedMap } from './bucketed-map.ts';

// The delivery ledger: which delivery jobs (one per alert and destination, id
// `deliveryJobId(alertKey, destination)`) have been delivered, and which run of a job is sending
// right now. Written and read by the alerter's delivery workers (the dashboard names a DLQ'd
// job by the same id); it alone keeps a re-enqueued or
// re-run job from sending again once BullMQ has dropped the job's completed record.
//   <prefix>alerter:{state}:dl:<bucket>  HASH    job id -> '1' (delivered)
//   <prefix>alerter:sending:<job id>     STRING  the claim of the run that is sending (SET NX PX)
// Retention: the bucketed map's (bucketed-map.ts), `delivery.keepCompletedHours` (at least a
// minute) after delivery; a claim expires by itself after its hold time.

/** A delivery job's id (BullMQ job id and ledger field): one per alert and destination. */
export const deliveryJobId = (alertKey: string, destination: string): string =>
  `${alertKey}-${destination}`;

export function deliveryLedgerKeys(prefix = 'faultline:') {
  const p = `${prefix}alerter:`;
  return {
    deliveredBuckets: `${p}{state}:dl:`,
    /** Held by the one run of a delivery job that is sending (see the alerter's claimSend). */
    sending: (jobId: string) => `${p}sending:${jobId}`,
  };
}

/** Delivered markers on `redis` (claimUnlessSet / releaseClaim / set of the bucketed map). */
export function createDeliveryLedger(redis: Redis, prefix: string, windowMs: number): BucketedMap {
  return createBucketedMap(redis, {
    prefix: deliveryLedgerKeys(prefix).deliveredBuckets,
    windowMs,
  });
}
