// Errors decide what happens next. A PermanentError (bad input, schema violation) sends the
// message to the dead-letter topic and moves on; a RetriableError is retried with backoff and
// never skips the message. Anything else thrown by a handler is treated as permanent, so one
// bad item cannot block a partition forever.

export class PermanentError extends Error {
  override readonly name = 'PermanentError';
  constructor(
    message: string,
    readonly reason: string = 'permanent',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class RetriableError extends Error {
  override readonly name = 'RetriableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A one-line description of any thrown value, for logs and dead-letter headers. */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return `${err.name}: ${err.message}${cause}`;
  }
  try {
    return String(err);
  } catch {
    // A thrown value without a usable toString (Object.create(null)): still a reason, no crash.
    return Object.prototype.toString.call(err);
  }
}

/**
 * The same store with every failure made retriable: what a state store (Redis) throws says
 * nothing about the message being handled (connection refused or reset, ioredis
 * MaxRetriesPerRequestError while Redis restarts, LOADING, NOSCRIPT), so the consumer backs off
 * and retries it instead of dead-lettering it. Errors already classified keep their class.
 */
export function failuresRetriable<T extends object>(name: string, store: T): T {
  const wrap = (err: unknown): Error =>
    err instanceof RetriableError || err instanceof PermanentError
      ? err
      : new RetriableError(`${name} unavailable: ${describeError(err)}`, { cause: err });
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        let result: unknown;
        try {
          result = (value as (...a: unknown[]) => unknown).apply(target, args);
        } catch (err) {
          throw wrap(err);
        }
        return result instanceof Promise
          ? result.catch((err: unknown) => {
              throw wrap(err);
            })
          : result;
      };
    },
  });
}
