import { z } from 'zod';

// Every message is `{ v, id, producedAt, data }`. Within a version only optional fields are
// added; a breaking change is a new `v`, and readers learn both versions before writers switch.

export function envelope<V extends number, T extends z.ZodType>(v: V, data: T) {
  return z.object({
    v: z.literal(v),
    id: z.string().min(1),
    producedAt: z.iso.datetime({ offset: true }),
    data,
  });
}

export type Envelope<T> = { v: number; id: string; producedAt: string; data: T };

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses bytes off the wire into a typed envelope, or says precisely what is wrong. */
export function parseMessage<T extends z.ZodType>(
  schema: T,
  bytes: Buffer | string | null,
): ParseResult<z.infer<T>> {
  if (bytes === null) return { ok: false, error: 'empty message (null value)' };
  let json: unknown;
  try {
    json = JSON.parse(typeof bytes === 'string' ? bytes : bytes.toString('utf8'));
  } catch (err) {
    return { ok: false, error: `not JSON: ${(err as Error).message}` };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, error: formatIssues(result.error) };
}

/** "data.title: Invalid input: expected string, received undefined; v: ..." */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}

export function wrap<T>(v: number, id: string, data: T, now = new Date()): Envelope<T> {
  return { v, id, producedAt: now.toISOString(), data };
}
