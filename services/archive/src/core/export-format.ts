import { createHash, timingSafeEqual } from 'node:crypto';

// Export rows as CSV (RFC 4180 quoting; a cell that a spreadsheet would run as a formula is
// prefixed with an apostrophe) and the constant-time token check.

export const CSV_COLUMNS = [
  'itemId',
  'ts',
  'publishedAt',
  'feedId',
  'storyId',
  'url',
  'title',
  'language',
  'tensionScore',
  'tensionLevel',
  'topics',
  'entityIds',
  'dyads',
  'body',
];

function cell(value: unknown): string {
  let s =
    value === null || value === undefined
      ? ''
      : value instanceof Date
        ? value.toISOString()
        : Array.isArray(value)
          ? value.join(';')
          : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsvLine(row: Record<string, unknown>): string {
  return `${CSV_COLUMNS.map((c) => cell(row[c])).join(',')}\r\n`;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}
