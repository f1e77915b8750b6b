import { describe, it, expect } from 'vitest';
import { describeError } from './errors.ts';

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
