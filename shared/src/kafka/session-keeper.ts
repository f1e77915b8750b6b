// Group membership for the consumer runner. KafkaJS heartbeats only between batches, so a
// handler that waits on Redis for longer than the session (a restart, an outage) gets its member
// dropped, and its commit is then refused. The keeper heartbeats while a batch is in hand, for
// as long as the batch shows signs of life, and says when the group wants the member to rejoin.

/** A KafkaJS protocol error whose `type` names the group condition. */
export type RejoinError = Error & { type: string };

/** Default session: a vanished member is replaced after this long (KafkaJS default 30 s). */
export const DEFAULT_SESSION_TIMEOUT_MS = 10_000;

/** Group errors after which the batch in hand is given up and the consumer rejoins. */
const REJOIN_ERRORS = new Set(['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID']);

/**
 * The KafkaJS protocol error (possibly wrapped, as a commit's is) telling this member to rejoin,
 * or null. Thrown from eachBatch unwrapped, KafkaJS rejoins the group instead of crashing.
 */
export function rejoinError(err: unknown): RejoinError | null {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const type = (e as { type?: unknown }).type;
    if (typeof type === 'string' && REJOIN_ERRORS.has(type)) return e as RejoinError;
  }
  return null;
}

/** What a batch's message handling needs from the session keeper. */
export interface BatchState {
  /** A handler call or retry came back: the batch is alive. */
  progress(): void;
  /** Set once a heartbeat says the member must rejoin: give the batch up. */
  lost(): RejoinError | null;
  stop(): void;
}

/**
 * Heartbeats every half interval (KafkaJS sends one only when `interval` has passed since the
 * last) while a batch is in hand, until `maxStallMs` pass without progress.
 */
export function keepAlive(
  heartbeat: () => Promise<void>,
  intervalMs: number,
  maxStallMs: number,
): BatchState {
  let lastProgress = Date.now();
  let lost: RejoinError | null = null;
  const timer = setInterval(
    () => {
      if (Date.now() - lastProgress > maxStallMs) return;
      heartbeat().catch((err: unknown) => {
        // Anything else (the broker unreachable) is KafkaJS's to handle at the next fetch.
        lost ??= rejoinError(err);
      });
    },
    Math.max(200, Math.floor(intervalMs / 2)),
  );
  timer.unref();
  return {
    progress: () => void (lastProgress = Date.now()),
    lost: () => lost,
    stop: () => clearInterval(timer),
  };
}
