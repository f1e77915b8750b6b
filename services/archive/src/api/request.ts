import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { ActorId, UnknownParameter, describeIssues, queryObject } from '../core/params.ts';
import { CursorError, decodeCursor } from '../core/cursor.ts';
import { safeEqual } from '../core/export-format.ts';
import { sqlState } from '../io/db.ts';
import { HttpProblem } from './problem.ts';
import { tokenIdOf } from '@faultline/shared/state/api-token-record';

// What every route does with its request before it reads the archive: the token, the query
// parameters (only those the route names), a signed cursor, an actor id in the path; and what a
// database error becomes. Each failure is an HttpProblem.

/** The route's parameters, validated by its schema; an unknown or bad one is a 400. */
export function parseParams<S extends z.ZodType>(
  schema: S,
  url: URL,
  allowed: string[],
): z.infer<S> {
  let raw: Record<string, string>;
  try {
    raw = queryObject(url.searchParams, [...allowed, 'token']);
  } catch (err) {
    if (err instanceof UnknownParameter) throw new HttpProblem(400, 'Bad request', err.message);
    throw err;
  }
  delete raw.token;
  const r = schema.safeParse(raw);
  if (!r.success) throw new HttpProblem(400, 'Bad request', describeIssues(r.error));
  return r.data;
}

/** A cursor this server signed, of the shape `check` accepts; forged or garbled is a 400. */
export function readCursor<T extends unknown[]>(
  value: string | undefined,
  check: (v: unknown[]) => boolean,
  secret: string,
): T | undefined {
  if (value === undefined) return undefined;
  try {
    const v = decodeCursor(value, secret);
    if (!check(v)) throw new CursorError('garbled cursor');
    return v as T;
  } catch (err) {
    if (err instanceof CursorError) throw new HttpProblem(400, 'Bad cursor', err.message);
    throw err;
  }
}

/** [ts, id]: the key of a page ordered by time. */
export const isTimeKey = (v: unknown[]) =>
  v.length === 2 &&
  typeof v[0] === 'string' &&
  !Number.isNaN(Date.parse(v[0])) &&
  typeof v[1] === 'string';

/** Per-user API tokens (shared state api-tokens), when the archive can reach Redis. */
export interface UserTokens {
  verify(token: string): Promise<{ tokenId?: string } | null>;
  /** Whether any per-user token is active (then a token is required even without the shared one). */
  anyActive(): Promise<boolean>;
}

const unauthorized = () =>
  new HttpProblem(
    401,
    'Unauthorized',
    'a valid token is required (Authorization: Bearer <token>)',
    {
      'www-authenticate': 'Bearer realm="faultline-archive"',
    },
  );

/**
 * The rate-limit key of a request: its token when one is required (401 without it). The
 * dashboard's shared token, or any active per-user token (every role may read the archive).
 */
export async function authorize(
  req: IncomingMessage,
  url: URL,
  token: string | undefined,
  users?: UserTokens,
): Promise<string> {
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const presented = bearer ?? url.searchParams.get('token') ?? undefined;
  if (users && presented !== undefined && tokenIdOf(presented)) {
    const user = await users.verify(presented).catch(() => null);
    if (user) return `user:${user.tokenId ?? '?'}`;
  }
  if (token !== undefined) {
    if (presented === undefined || !safeEqual(presented, token)) throw unauthorized();
    return 'token';
  }
  if (users && (await users.anyActive().catch(() => false))) throw unauthorized();
  return req.socket.remoteAddress ?? 'unknown';
}

/** A database error as a problem: bad values 400, the database away 503, anything else 500. */
export function dbProblem(err: unknown): HttpProblem {
  const state = sqlState(err);
  if (state?.startsWith('22')) return new HttpProblem(400, 'Bad request', (err as Error).message);
  if (state === undefined || ['08', '53', '57'].includes(state.slice(0, 2)))
    return new HttpProblem(503, 'Archive unavailable', 'the archive database did not answer');
  return new HttpProblem(500, 'Internal error', 'the archive could not answer this request');
}

/** An actor (or story) id from the path, percent-decoded and checked. */
export function actor(raw: string): string {
  let v: string;
  try {
    v = decodeURIComponent(raw);
  } catch {
    throw new HttpProblem(400, 'Bad request', 'malformed percent-encoding in the path');
  }
  const r = ActorId.safeParse(v);
  if (!r.success)
    throw new HttpProblem(400, 'Bad request', `id: ${r.error.issues[0]?.message ?? 'invalid'}`);
  return r.data;
}
