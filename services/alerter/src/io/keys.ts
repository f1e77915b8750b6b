import { mutesKey } from '@faultline/shared/state/mutes';
import { historyKey } from '@faultline/shared/state/alert-history';

// Every Redis key the alerter uses, under one configurable prefix (default `faultline:`). State
// other services read or write is laid out by its module in shared/src/state (mutes, history here).

export function alerterKeys(prefix: string) {
  const p = `${prefix}alerter:`;
  return {
    /** Time-bucketed hashes (see bucketed-map.ts): `<prefix><bucket>`, one hash tag. */
    stateBuckets: `${p}{state}:st:`,
    sourceBuckets: `${p}{state}:src:`,
    deliveredBuckets: `${p}{state}:dl:`,
    trendState: (ruleId: string, stateId: string) => `${p}trend:${ruleId}:${stateId}`,
    ruleBurst: (ruleId: string, bucket: number) => `${p}burst:${ruleId}:${bucket}`,
    mutes: mutesKey(prefix),
    history: historyKey(prefix),
    rate: (destination: string) => `${p}rate:${destination}`,
    block: (destination: string) => `${p}block:${destination}`,
    /** Held by the one run of a delivery job that is sending (see claimSend). */
    sending: (jobId: string) => `${p}sending:${jobId}`,
    overflow: (destination: string) => `${p}slack:overflow:${destination}`,
    flushFlag: (destination: string) => `${p}slack:flush:${destination}`,
    flushSeq: `${p}slack:flush-seq`,
  };
}
export type AlerterKeys = ReturnType<typeof alerterKeys>;
