import type { Producer } from 'kafkajs';
import { safeFetch, NetError, redactUrlsIn, type SafeResponse } from '@faultline/shared/net';
import type { Logger } from '@faultline/shared/log';
import {
  MAX_MESSAGE_BYTES,
  envelopeMessage,
  produceMessages,
  type SerializedMessage,
} from '@faultline/shared/kafka';
import { RawItemV1, formatIssues } from '@faultline/shared/schemas';
import { dlqTopic, DLQ_HEADERS } from '@faultline/shared/topics';
import { authHeader } from '../core/feed-auth.ts';
import { parseFeed, type ParsedFeed, type ParseFeedResult } from '../core/parse-feed.ts';
import {
  detectChanges,
  decodeSeen,
  encodeSeen,
  identifyEntry,
  toRawItem,
} from '../core/to-raw-item.ts';
import { parseRetryAfter, type FeedState, type FetchOutcome } from '../core/schedule.ts';
import type { FeedDef, PollerOptions } from '../core/feed-config.ts';
import type { FeedStore } from '@faultline/shared/state/feed-registry';

// One poll of one feed: conditional GET -> parse -> identify -> compare with seen -> produce to
// Kafka -> only then mark seen. A crash between the produce and the mark re-sends (the cleaner
// dedups); nothing is ever marked seen without Kafka's acknowledgement.

export interface PollDeps {
  store: FeedStore;
  producer: Producer;
  topic: string;
  options: PollerOptions;
  /** Counts Kafka produce calls (benchmark). */
  counters?: { kafkaCalls: number };
  log?: Logger;
  /** Counts an item that was not produced, by reason (metric). */
  onDrop?: (reason: DropReason) => void;
  /** Parses off the event loop with a time budget (parse-pool.ts); parseFeed inline when absent. */
  parse?: (
    bytes: Buffer,
    headers: Record<string, string | undefined>,
    url: string,
  ) => Promise<ParseFeedResult>;
}

/** Why an item of a parsed feed was not produced to the output topic. */
export type DropReason = 'contract-refused' | 'too-large';

export interface PollResult {
  outcome: FetchOutcome;
  produced: number;
  /** The WebSub hub the feed advertises, and the topic URL to subscribe to. */
  hub?: { hubUrl: string; topic: string };
}

const STATUS_WORDS: Record<number, string> = {
  401: 'the feed needs a login (401)',
  403: 'the server refuses access (403)',
  404: 'the feed is not there any more (404)',
  410: 'the feed was removed for good (410)',
  429: 'the server asks us to slow down (429)',
  500: 'the server failed (500)',
  502: 'bad gateway at the server (502)',
  503: 'the server is unavailable (503)',
  504: 'gateway timeout at the server (504)',
};

export async function fetchFeed(
  def: FeedDef,
  state: FeedState,
  options: PollerOptions,
): Promise<SafeResponse> {
  const headers: Record<string, string> = {
    accept:
      'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5',
  };
  if (state.etag) headers['if-none-match'] = state.etag;
  if (state.lastModified) headers['if-modified-since'] = state.lastModified;
  if (def.auth) {
    const login = authHeader(def.auth);
    if (!login.ok) throw new NetError('bad-url', login.error);
    headers.authorization = login.value;
  }
  return safeFetch(state.movedTo ?? def.url, {
    headers,
    allowPrivate: options.allowPrivateAddresses,
    allowHosts: options.allowHosts,
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    maxBytes: options.maxBodyBytes,
    connectTimeoutMs: options.connectTimeoutMs,
    readTimeoutMs: options.readTimeoutMs,
    totalTimeoutMs: options.totalTimeoutMs,
    maxRedirects: options.maxRedirects,
  });
}

export async function pollFeed(
  def: FeedDef,
  state: FeedState,
  deps: PollDeps,
  now = new Date(),
): Promise<PollResult> {
  let res: SafeResponse;
  try {
    res = await fetchFeed(def, state, deps.options);
  } catch (err) {
    const message =
      err instanceof NetError
        ? err.message
        : `fetch failed: ${redactUrlsIn((err as Error).message ?? String(err))}`;
    return { outcome: { kind: 'error', error: message }, produced: 0 };
  }
  if (res.status === 304) return { outcome: { kind: 'not-modified', status: 304 }, produced: 0 };
  if (res.status < 200 || res.status >= 300) {
    const retryAfterS = parseRetryAfter(res.headers['retry-after'], now.getTime());
    return {
      outcome: {
        kind: 'error',
        status: res.status,
        error: STATUS_WORDS[res.status] ?? `the server answered HTTP ${res.status}`,
        ...(retryAfterS !== undefined ? { retryAfterS } : {}),
      },
      produced: 0,
    };
  }
  const parsed = await (deps.parse ?? parseFeed)(res.body, res.headers, res.url);
  if (!parsed.ok)
    return { outcome: { kind: 'error', status: res.status, error: parsed.reason }, produced: 0 };
  const produced = await produceFeed(def, parsed.feed, deps, now);
  const outcome: FetchOutcome = { kind: 'ok', status: res.status, newItems: produced };
  if (res.headers.etag) outcome.etag = res.headers.etag;
  if (res.headers['last-modified']) outcome.lastModified = res.headers['last-modified'];
  if (res.permanentUrl) outcome.movedTo = res.permanentUrl;
  if (parsed.feed.encodingNote) {
    outcome.encodingNote = parsed.feed.encodingNote;
    deps.log?.warn({ feed_id: def.id, note: parsed.feed.encodingNote }, 'feed charset overridden');
  }
  const result: PollResult = { outcome, produced };
  if (parsed.feed.hubUrl)
    result.hub = { hubUrl: parsed.feed.hubUrl, topic: parsed.feed.selfUrl ?? res.url };
  return result;
}

/**
 * Produces the new and edited entries of a parsed feed (polled or pushed), then marks them
 * seen: identity, seen check, revision, Kafka acknowledgement first.
 */
export async function produceFeed(
  def: FeedDef,
  feed: ParsedFeed,
  deps: PollDeps,
  now = new Date(),
): Promise<number> {
  const fetchedAt = now.toISOString();
  const candidates = feed.entries.map((e) => identifyEntry(e, def.id));
  const seenValues = await deps.store.getSeen(
    def.id,
    candidates.map((c) => c.itemId),
  );
  const seen = new Map<string, { hash: string; revision: number }>();
  candidates.forEach((c, i) => {
    const rec = decodeSeen(seenValues[i]);
    if (rec) seen.set(c.itemId, rec);
  });
  const changes = detectChanges(candidates, seen);
  const messages = [];
  const records: Array<[string, string]> = [];
  // Every item not produced has a reason: counted, logged, and sent to <topic>.dlq.
  const dropped: SerializedMessage[] = [];
  const drop = (itemId: string, reason: DropReason, error: string, value: unknown) => {
    deps.onDrop?.(reason);
    deps.log?.warn({ feed_id: def.id, item_id: itemId, reason, error }, 'item dropped');
    dropped.push(dropMessage(deps.topic, def.id, itemId, reason, error, value));
  };
  for (const { candidate, revision } of changes) {
    const raw = toRawItem(candidate, feed, def, fetchedAt, revision);
    const item = RawItemV1.safeParse(raw);
    const seenRecord: [string, string] = [
      candidate.itemId,
      encodeSeen({ hash: candidate.contentHash, revision }),
    ];
    if (!item.success) {
      // Never produced (the contract refuses it), remembered as seen so it is not retried on
      // every poll; its reason and the item itself go to the dead-letter topic.
      drop(candidate.itemId, 'contract-refused', formatIssues(item.error), raw);
      records.push(seenRecord);
      continue;
    }
    const message = envelopeMessage(
      deps.topic,
      def.id,
      `${candidate.itemId}.r${revision}`,
      item.data,
    );
    records.push(seenRecord);
    // An item too large for Kafka is skipped (and remembered as seen) rather than blocking the
    // feed: every later poll would fail on it again. Its dead letter carries the item's fields
    // but not its body.
    const bytes = Buffer.byteLength(JSON.stringify(message.value));
    if (bytes > MAX_MESSAGE_BYTES) {
      const { content: _content, summary: _summary, ...head } = item.data;
      drop(candidate.itemId, 'too-large', `${bytes} bytes > ${MAX_MESSAGE_BYTES}`, head);
      continue;
    }
    messages.push(message);
  }
  if (records.length) {
    // throws if Kafka does not acknowledge
    await produceMessages(deps.producer, messages, dropped);
    if (deps.counters && messages.length) deps.counters.kafkaCalls++;
    await deps.store.markSeen(def.id, records, deps.options.seenPerFeed);
  }
  return messages.length;
}

/** A dead letter for an item the poller did not produce: the same headers the consumers use. */
function dropMessage(
  topic: string,
  feedId: string,
  itemId: string,
  reason: DropReason,
  error: string,
  value: unknown,
): SerializedMessage {
  let json = JSON.stringify({ feedId, itemId, item: value });
  if (Buffer.byteLength(json) > MAX_MESSAGE_BYTES / 2) json = JSON.stringify({ feedId, itemId });
  return {
    topic: dlqTopic(topic),
    key: feedId,
    value: json,
    headers: {
      [DLQ_HEADERS.reason]: reason,
      [DLQ_HEADERS.error]: error.slice(0, 2000),
      [DLQ_HEADERS.sourceTopic]: topic,
      [DLQ_HEADERS.at]: new Date().toISOString(),
    },
  };
}
