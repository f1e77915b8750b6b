import { createHmac, timingSafeEqual } from 'node:crypto';

// Pagination cursors: the position after the last row of a page, as base64url JSON with an
// HMAC, so a client can hand it back but cannot forge or edit one (a bad cursor is a 400).

export class CursorError extends Error {
  override readonly name = 'CursorError';
}

export function encodeCursor(position: unknown[], secret: string): string {
  const body = Buffer.from(JSON.stringify(position)).toString('base64url');
  return `${body}.${sign(body, secret)}`;
}

export function decodeCursor(cursor: string, secret: string): unknown[] {
  if (cursor.length > 2000) throw new CursorError('cursor too long');
  const dot = cursor.indexOf('.');
  if (dot <= 0) throw new CursorError('not a cursor this API issued');
  const body = cursor.slice(0, dot);
  const mac = Buffer.from(cursor.slice(dot + 1), 'base64url');
  const expected = Buffer.from(sign(body, secret), 'base64url');
  if (mac.length !== expected.length || !timingSafeEqual(mac, expected))
    throw new CursorError('not a cursor this API issued (or one from before a restart)');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new CursorError('garbled cursor');
  }
  if (!Array.isArray(value)) throw new CursorError('garbled cursor');
  return value;
}

function sign(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url').slice(0, 22);
}
