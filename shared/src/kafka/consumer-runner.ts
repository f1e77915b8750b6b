import type { Kafka, Producer, Consumer, KafkaMessage, IHeaders, Message, Batch } from 'kafkajs';
import type { z } from 'zod';
import { parseMessage } from '../schemas/envelope.ts';
import { PermanentError, RetriableError, describeError } from '../errors.ts';
import { dlqTopic } from '../topics.ts';
import { deadLetterEntry } from './dead-letter.ts';
import { runKeyed } from './keyed-chunk.ts';
import { subscribeWhenReady } from './subscribe.ts';
import type { Logger } from '../log.ts';
import { produceMessages, serializeMessages, type SerializedMessage } from './produce.ts';
import type { OutMessage } from './types.ts';
import type { StageMetrics } from '../metrics.ts';
import {
  DEFAULT_SESSION_TIMEOUT_MS,
  keepAlive,
  rejoinError,
  type BatchState,
} from './session-keeper.ts';

export type { OutMessage } from './types.ts';

// One consumer runner for every stage: parse with the schema, call the handler, publish its
// outputs, and only then commit. Bad messages go to `<topic>.dlq` with the reason and the
// original headers, and the partition moves on. Retriable failures are retried in place with
// backoff and never skip a message. On stop, the batch in hand finishes, offsets are committed
// and the consumer leaves its group.
//
// Group membership: a short session (10 s) so that a member that vanished (a process that
// crashed while the broker was away and came back as a new member) is replaced quickly, and
// heartbeats kept going while a batch is in hand, so a handler waiting on Redis for a minute is
// not taken for dead (KafkaJS heartbeats only between batches by itself). A batch that makes no
// progress for maxStallMs stops heartbeating, so a wedged handler still loses its partitions.
// A member the group dropped (or that must rejoin) gives its batch up and rejoins in place: its
// commit would be refused, and KafkaJS treats that refusal as a crash (the process exited).

export interface MessageMeta {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: IHeaders;
  timestamp: string;
}

export type Handler<T> = (data: T, meta: MessageMeta) => Promise<OutMessage[]> | OutMessage[];

export interface ConsumerRunnerOptions<S extends z.ZodType<{ data: unknown }>> {
  kafka: Kafka;
  producer: Producer;
  groupId: string;
  topic: string;
  schema: S;
  handle: Handler<z.infer<S>['data']>;
  log: Logger;
  metrics?: StageMetrics;
  stage: string;
  /** Partitions processed at the same time by this replica (default 4). */
  partitionsConsumedConcurrently?: number;
  /**
   * Messages of one partition handled at the same time (outputs keep their order). Messages
   * with the same key are still handled one after another, in offset order, so per-key state
   * (a story's) never sees two of its messages at once.
   */
  concurrency?: number;
  /** Publish outputs and commit after this many messages (default 500) ... */
  flushEvery?: number;
  /** ... or after this long (default 250 ms), whichever comes first, and at the end of a batch. */
  flushIntervalMs?: number;
  retry?: { initialMs?: number; maxMs?: number };
  fromBeginning?: boolean;
  /** How long the group waits for a silent member before reassigning its partitions (10 s). */
  sessionTimeoutMs?: number;
  /**
   * Heartbeats continue while a batch is in hand for at most this long without a message
   * finishing or a retry coming back (default 120 s); then the group may take the partitions.
   */
  maxStallMs?: number;
  /** Longest a fetch waits for new data; bounds how long a stop waits for an idle fetch. */
  maxWaitTimeMs?: number;
  /** Called when KafkaJS gives up on the consumer; default logs and exits the process. */
  onCrash?: (err: unknown) => void;
}

export interface ConsumerRunner {
  consumer: Consumer;
  /** Joined its group and not crashed. */
  isReady(): boolean;
  stop(): Promise<void>;
}

/** What one message turned into: outputs to publish, or a dead-letter entry. */
type Outcome = { outputs?: SerializedMessage[]; dlq?: Message };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runConsumer<S extends z.ZodType<{ data: unknown }>>(
  options: ConsumerRunnerOptions<S>,
): Promise<ConsumerRunner> {
  const { kafka, producer, topic, schema, handle, stage, metrics } = options;
  const log = options.log.child({ component: 'consumer', topic, group: options.groupId });
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const flushEvery = Math.max(1, options.flushEvery ?? 500);
  const flushIntervalMs = options.flushIntervalMs ?? 250;
  const retryInitial = options.retry?.initialMs ?? 200;
  const retryMax = options.retry?.maxMs ?? 10_000;
  const sessionTimeout = options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS;
  const heartbeatInterval = Math.min(3_000, Math.floor(sessionTimeout / 3));
  const maxStallMs = options.maxStallMs ?? 120_000;
  const consumer = kafka.consumer({
    groupId: options.groupId,
    sessionTimeout,
    heartbeatInterval,
    maxWaitTimeInMs: options.maxWaitTimeMs ?? 500,
    allowAutoTopicCreation: false,
    retry: { retries: 12, initialRetryTime: 300, maxRetryTime: 10_000 },
  });
  let ready = false;
  let stopping = false;
  consumer.on(consumer.events.GROUP_JOIN, () => void (ready = true));
  consumer.on(consumer.events.STOP, () => void (ready = false));
  consumer.on(consumer.events.CRASH, (event) => {
    ready = false;
    const { error, restart } = event.payload;
    log.error({ err: error, restart }, 'consumer crashed');
    if (!restart && !stopping) {
      if (options.onCrash) options.onCrash(error);
      else process.exit(1);
    }
  });

  /**
   * Handles one message; returns what to produce, or null when stopping mid-retry. `batch`
   * says when to give up retrying (the batch must be handed back) and hears of each attempt.
   */
  async function process1(
    message: KafkaMessage,
    partition: number,
    batch: BatchState,
  ): Promise<Outcome | null> {
    const meta: MessageMeta = {
      topic,
      partition,
      offset: message.offset,
      key: message.key?.toString() ?? null,
      headers: message.headers ?? {},
      timestamp: message.timestamp,
    };
    metrics?.itemsIn.inc({ stage, topic });
    const parsed = parseMessage(schema, message.value);
    if (!parsed.ok) return { dlq: deadLetter(message, partition, 'invalid-message', parsed.error) };
    const started = performance.now();
    for (let attempt = 0, delay = retryInitial; ; attempt++) {
      try {
        // Serialized here, so an output the broker would refuse dead-letters its input.
        let result: OutMessage[];
        try {
          result = await handle(parsed.value.data, meta);
        } finally {
          batch.progress();
        }
        const outputs = serializeMessages(result);
        metrics?.processingSeconds.observe({ stage }, (performance.now() - started) / 1000);
        for (const out of outputs) metrics?.itemsOut.inc({ stage, topic: out.topic });
        return { outputs };
      } catch (err) {
        if (!(err instanceof RetriableError)) {
          const reason = err instanceof PermanentError ? err.reason : 'handler-error';
          return { dlq: deadLetter(message, partition, reason, describeError(err)) };
        }
        if (stopping || batch.lost()) return null;
        log.warn(
          { err, attempt, offset: message.offset, partition },
          'retriable failure, backing off',
        );
        await sleep(delay * (0.5 + Math.random()));
        if (stopping || batch.lost()) return null;
        delay = Math.min(delay * 2, retryMax);
      }
    }
  }

  /** A chunk at once, each message after the earlier ones of its key (keyed-chunk.ts). */
  function processChunk(
    chunk: KafkaMessage[],
    partition: number,
    batch: BatchState,
  ): Promise<Array<Outcome | null>> {
    return runKeyed(chunk, (m) => process1(m, partition, batch));
  }

  function deadLetter(
    message: KafkaMessage,
    partition: number,
    reason: string,
    error: string,
  ): Message {
    metrics?.itemsFailed.inc({ stage, topic, reason });
    log.warn({ partition, offset: message.offset, reason, error }, 'message dead-lettered');
    return deadLetterEntry(message, { topic, partition, reason, error });
  }

  async function handleBatch(
    batch: Batch,
    state: BatchState,
    resolveOffset: (offset: string) => void,
    heartbeat: () => Promise<void>,
    isRunning: () => boolean,
    isStale: () => boolean,
  ): Promise<void> {
    metrics?.consumerLag.set(
      { topic, partition: String(batch.partition) },
      Number(batch.offsetLag()),
    );
    // Handle the batch in order, publish the outputs together and commit once per flush:
    // one produce and one commit per few hundred messages, not per message. Nothing is
    // committed before its outputs are acknowledged.
    let pending: Outcome[] = [];
    let lastDone: string | null = null;
    let lastFlush = Date.now();
    const flush = async () => {
      if (lastDone === null) return;
      await produceMessages(
        producer,
        [],
        pending.flatMap((r) => [
          ...(r.outputs ?? []),
          ...(r.dlq ? [{ topic: dlqTopic(topic), ...r.dlq } as SerializedMessage] : []),
        ]),
      );
      resolveOffset(lastDone);
      try {
        await consumer.commitOffsets([
          { topic, partition: batch.partition, offset: (BigInt(lastDone) + 1n).toString() },
        ]);
      } catch (err) {
        // Dropped from the group (or a new generation): the next owner redoes these messages.
        throw rejoinError(err) ?? err;
      }
      pending = [];
      lastDone = null;
      lastFlush = Date.now();
    };
    const messages = batch.messages;
    for (let i = 0; i < messages.length; i += concurrency) {
      if (!isRunning() || isStale() || state.lost()) break;
      const chunk = messages.slice(i, i + concurrency);
      const results = await processChunk(chunk, batch.partition, state);
      const stoppedAt = results.findIndex((r) => r === null);
      const complete = stoppedAt === -1 ? results.length : stoppedAt;
      if (complete > 0) {
        pending.push(...(results.slice(0, complete) as Outcome[]));
        lastDone = chunk[complete - 1]!.offset;
      }
      if (complete < chunk.length) break;
      if (pending.length >= flushEvery || Date.now() - lastFlush >= flushIntervalMs) {
        await flush();
        await heartbeat();
      }
    }
    const lost = state.lost();
    if (lost) {
      log.warn(
        { partition: batch.partition, reason: lost.type },
        'group rebalancing or member dropped: handing the batch back and rejoining',
      );
      // A rebalance still takes this generation's commits; a dropped member's are refused.
      if (lost.type === 'REBALANCE_IN_PROGRESS') await flush();
      throw lost;
    }
    await flush();
  }

  await consumer.connect();
  await subscribeWhenReady(consumer, topic, options.fromBeginning ?? true, log);
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 4,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      const state = keepAlive(heartbeat, heartbeatInterval, maxStallMs);
      try {
        await handleBatch(batch, state, resolveOffset, heartbeat, isRunning, isStale);
      } finally {
        state.stop();
      }
    },
  });

  return {
    consumer,
    isReady: () => ready,
    async stop() {
      stopping = true;
      await consumer.stop();
      await consumer.disconnect();
      ready = false;
    },
  };
}
