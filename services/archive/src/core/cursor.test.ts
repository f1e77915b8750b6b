import fc from 'fast-check';
import { expect, it } from 'vitest';
import { CursorError, decodeCursor, encodeCursor } from './cursor.ts';

it('round-trips a position and refuses anything it did not sign', () => {
  const c = encodeCursor([0.5, '2026-01-01T00:00:00.000Z', 'i_x'], 'secret');
  expect(decodeCursor(c, 'secret')).toEqual([0.5, '2026-01-01T00:00:00.000Z', 'i_x']);
  expect(() => decodeCursor(c, 'other')).toThrow(CursorError);
  const [body, mac] = c.split('.');
  const edited = `${Buffer.from('["x"]').toString('base64url')}.${mac}`;
  expect(() => decodeCursor(edited, 'secret')).toThrow(CursorError);
  expect(() => decodeCursor(`${body}`, 'secret')).toThrow(CursorError);
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (s) => {
      expect(() => decodeCursor(s, 'secret')).toThrow(CursorError);
    }),
  );
});
