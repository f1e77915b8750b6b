import type { FeedRow, TensionView } from '../core/model.ts';

// The two sources whose owners' readers are plugged in by main.ts: the poller's feed registry
// and the analyzer's trend store.

export interface FeedsSource {
  listFeeds(): Promise<FeedRow[]>;
  setPaused(feedId: string, paused: boolean): Promise<boolean>;
  close?(): Promise<void>;
}

export interface TensionSource {
  readTension(): Promise<TensionView>;
  close?(): Promise<void>;
}
