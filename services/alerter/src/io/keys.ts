// Every Redis key the alerter owns, under one configurable prefix (default `faultline:`).

export function alerterKeys(prefix: string) {
  const p = `${prefix}alerter:`;
  return {
    storyState: (ruleId: string, storyId: string) => `${p}state:${ruleId}:${storyId}`,
    storySources: (storyId: string) => `${p}sources:${storyId}`,
    trendState: (ruleId: string, stateId: string) => `${p}trend:${ruleId}:${stateId}`,
    ruleBurst: (ruleId: string, bucket: number) => `${p}burst:${ruleId}:${bucket}`,
    mutes: `${p}mutes`,
    history: `${p}history`,
    rate: (destination: string) => `${p}rate:${destination}`,
    block: (destination: string) => `${p}block:${destination}`,
    overflow: (destination: string) => `${p}slack:overflow:${destination}`,
    flushFlag: (destination: string) => `${p}slack:flush:${destination}`,
    flushSeq: `${p}slack:flush-seq`,
    /** Set once a delivery job's message was accepted, so a re-run never sends it again. */
    delivered: (jobId: string) => `${p}delivered:${jobId}`,
  };
}
export type AlerterKeys = ReturnType<typeof alerterKeys>;
