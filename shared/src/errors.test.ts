import { describe, it, expect } from 'vitest';
import { describeError, failuresRetriable, PermanentError, RetriableError } from './errors.ts';

describe('describeError', () => {
  it('describes whatever a handler throws, never throwing itself (the DLQ reason)', () => {
    expect(describeError(new TypeError('x', { cause: new Error('y') }))).toBe('TypeError: x: y');
    expect(describeError('plain')).toBe('plain');
    expect(describeError(undefined)).toBe('undefined');
    expect(describeError(Symbol('s'))).toBe('Symbol(s)');
    expect(describeError(Object.create(null))).toBe('[object Object]');
    const hostile = {
      toString: () => {
        throw new Error('no');
      },
    };
    expect(describeError(hostile)).toBe('[object Object]');
  });
});

describe('failuresRetriable', () => {
  class Store {
    calls = 0;
    async get(key: string): Promise<string> {
      this.calls++;
      if (key === 'down')
        throw Object.assign(new Error('Reached the max retries per request limit'), {
          name: 'MaxRetriesPerRequestError',
        });
      if (key === 'bad') throw new PermanentError('bad key', 'invalid');
      return `v:${key}`;
    }
    sync(): number {
      throw new Error('Connection is closed.');
    }
  }

  it('passes results through and turns store failures into retriable ones', async () => {
    const raw = new Store();
    const store = failuresRetriable('story store', raw);
    expect(await store.get('a')).toBe('v:a');
    expect(raw.calls).toBe(1); // methods run on the store itself
    const err = await store.get('down').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetriableError);
    expect((err as Error).message).toBe(
      'story store unavailable: MaxRetriesPerRequestError: Reached the max retries per request limit',
    );
    expect(() => store.sync()).toThrow(RetriableError);
    // Already classified: kept.
    expect(await store.get('bad').catch((e: unknown) => e)).toBeInstanceOf(PermanentError);
  });
});
