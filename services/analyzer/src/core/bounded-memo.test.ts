import { describe, expect, it } from 'vitest';
import { BoundedMemo } from './bounded-memo.ts';

describe('BoundedMemo', () => {
  it('never holds more than two generations, however many keys go through it', () => {
    const memo = new BoundedMemo<string, number>(100);
    for (let i = 0; i < 10_000; i++) memo.set(`w${i}`, i);
    expect(memo.size).toBeLessThanOrEqual(200);
    expect(memo.get('w9999')).toBe(9999);
    expect(memo.get('w0')).toBeUndefined();
  });

  it('keeps the entries in use across generations and drops the ones unseen for a whole one', () => {
    const memo = new BoundedMemo<string, number>(10);
    memo.set('hot', 1);
    memo.set('cold', 2);
    for (let i = 0; i < 100; i++) {
      memo.set(`new${i}`, i);
      expect(memo.get('hot')).toBe(1);
    }
    expect(memo.get('cold')).toBeUndefined();
  });

  it('memoises null and other falsy results (only undefined is a miss)', () => {
    const memo = new BoundedMemo<string, string | null>(2);
    memo.set('none', null);
    memo.set('empty', '');
    memo.set('other', 'x'); // 'none' and 'empty' are now the old generation
    expect(memo.get('none')).toBeNull();
    expect(memo.get('empty')).toBe('');
  });

  it('refuses a generation under one entry', () => {
    expect(() => new BoundedMemo(0)).toThrow(RangeError);
  });
});
