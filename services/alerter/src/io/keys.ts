import { mutesKey } from '@faultline/shared/state/mutes';
import { historyKey } from '@faultline/shared/state/alert-history';
import { alertStoryKeys } from '@faultline/shared/state/alert-story';
import { deliveryLedgerKeys } from '@faultline/shared/state/delivery-ledger';

// Every Redis key the alerter uses, under one configurable prefix (default `faultline:`). The
// state with a module in shared/src/state (mutes, history, story state, delivery ledger) takes
// its keys from there; the rest (rate limits, Slack overflow, trend-rule state) is the alerter's.

export function alerterKeys(prefix: string) {
  const p = `${prefix}alerter:`;
  return {
    ...alertStoryKeys(prefix),
    ...deliveryLedgerKeys(prefix),
    trendState: (ruleId: string, stateId: string) => `${p}trend:${ruleId}:${stateId}`,
    mutes: mutesKey(prefix),
    history: historyKey(prefix),
    rate: (destination: string) => `${p}rate:${destination}`,
    block: (destination: string) => `${p}block:${destination}`,
    overflow: (destination: string) => `${p}slack:overflow:${destination}`,
    flushFlag: (destination: string) => `${p}slack:flush:${destination}`,
    flushSeq: `${p}slack:flush-seq`,
    /** Alerts folded while an e-mail, Teams, Telegram or Discord destination was rate-limited. */
    notifyOverflow: (destination: string) => `${p}notify:overflow:${destination}`,
    notifyFlushFlag: (destination: string) => `${p}notify:flush:${destination}`,
  };
}
export type AlerterKeys = ReturnType<typeof alerterKeys>;
