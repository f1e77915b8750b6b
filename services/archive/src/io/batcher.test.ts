import { expect, it } from 'vitest';
import { PermanentError, RetriableError } from '@faultline/shared/errors';
import { createBatcher } from './batcher.ts';

it('writes items in batches and resolves each once its batch is written', async () => {
  const batches: number[][] = [];
  const b = createBatcher<number>({
    maxItems: 3,
    maxWaitMs: 5,
    write: async (xs) => void batches.push(xs),
  });
  await Promise.all([1, 2, 3, 4].map((n) => b.add(n)));
  expect(batches).toEqual([[1, 2, 3], [4]]);
});

it('isolates the bad item of a failed batch, and fails a whole batch retriably', async () => {
  const b = createBatcher<number>({
    maxItems: 3,
    maxWaitMs: 5,
    write: async (xs) => {
      if (xs.includes(2)) throw new PermanentError('bad row');
    },
  });
  const results = await Promise.allSettled([1, 2, 3].map((n) => b.add(n)));
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  const down = createBatcher<number>({
    maxItems: 2,
    maxWaitMs: 5,
    write: async () => {
      throw new RetriableError('db down');
    },
  });
  const r2 = await Promise.allSettled([1, 2].map((n) => down.add(n)));
  expect(r2.every((r) => r.status === 'rejected' && r.reason instanceof RetriableError)).toBe(true);
});
