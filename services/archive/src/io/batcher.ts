import { PermanentError, RetriableError } from '@faultline/shared/errors';

// Turns one-message-at-a-time handlers into batched writes: each add() joins the open batch
// and resolves once that batch is written, so the consumer runner (which commits an offset only
// after its handler returned) commits nothing that is not in PostgreSQL. A batch is written when
// it holds maxItems or maxWaitMs after its first item. When a batch fails for good (bad data),
// each of its items is written alone so only the bad one is dead-lettered; a retriable failure
// fails them all, and the runner retries each with backoff (they meet again in a new batch).

export interface Batcher<T> {
  add(item: T): Promise<void>;
  /** Writes what is open now and waits for every write in flight. */
  drain(): Promise<void>;
}

export function createBatcher<T>(options: {
  maxItems: number;
  maxWaitMs: number;
  write: (items: T[]) => Promise<void>;
}): Batcher<T> {
  type Entry = { item: T; resolve: () => void; reject: (err: unknown) => void };
  let open: Entry[] = [];
  let timer: NodeJS.Timeout | undefined;
  const inFlight = new Set<Promise<void>>();

  const writeEntries = async (entries: Entry[]) => {
    try {
      await options.write(entries.map((e) => e.item));
      for (const e of entries) e.resolve();
    } catch (err) {
      if (err instanceof RetriableError || entries.length === 1) {
        for (const e of entries) e.reject(err);
        return;
      }
      for (const e of entries) {
        try {
          await options.write([e.item]);
          e.resolve();
        } catch (one) {
          e.reject(one instanceof RetriableError ? one : asPermanent(one));
        }
      }
    }
  };

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!open.length) return;
    const entries = open;
    open = [];
    const p = writeEntries(entries).finally(() => inFlight.delete(p));
    inFlight.add(p);
  };

  return {
    add(item) {
      return new Promise<void>((resolve, reject) => {
        open.push({ item, resolve, reject });
        if (open.length >= options.maxItems) flush();
        else timer ??= setTimeout(flush, options.maxWaitMs);
      });
    },
    async drain() {
      flush();
      await Promise.allSettled([...inFlight]);
    },
  };
}

function asPermanent(err: unknown): PermanentError {
  return err instanceof PermanentError
    ? err
    : new PermanentError((err as Error)?.message ?? String(err), 'db-rejected', { cause: err });
}
