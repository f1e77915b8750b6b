import type { FeedAuth } from './feed-config.ts';

// A feed's login: the registry holds only `env:NAME` references; the Authorization header is
// made at fetch time from the poller's environment and never kept, logged or put in an error
// (errors name the variable, never its value).

export type AuthHeader = { ok: true; value: string } | { ok: false; error: string };

const lookup = (ref: string, env: NodeJS.ProcessEnv): string | undefined => {
  const name = ref.slice('env:'.length);
  const v = env[name];
  return v ? v : undefined;
};

export function authHeader(auth: FeedAuth, env: NodeJS.ProcessEnv = process.env): AuthHeader {
  if (auth.type === 'bearer') {
    const token = lookup(auth.token, env);
    if (!token)
      return { ok: false, error: `login: ${auth.token.slice(4)} is not set in the environment` };
    return { ok: true, value: `Bearer ${token}` };
  }
  const password = lookup(auth.password, env);
  if (!password)
    return { ok: false, error: `login: ${auth.password.slice(4)} is not set in the environment` };
  const username = auth.username.startsWith('env:') ? lookup(auth.username, env) : auth.username;
  if (!username)
    return { ok: false, error: `login: ${auth.username.slice(4)} is not set in the environment` };
  return { ok: true, value: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
}

/**
 * `--bearer env:NAME` / `--basic user:env:NAME` (CLI) to a FeedAuth candidate (validated by the
 * FeedAuth schema, which refuses a secret given in clear).
 */
export function authFromFlags(bearer?: string, basic?: string): unknown {
  if (bearer !== undefined) return { type: 'bearer', token: bearer };
  if (basic !== undefined) {
    const i = basic.indexOf(':');
    return i < 0
      ? { type: 'basic', username: basic, password: '' }
      : { type: 'basic', username: basic.slice(0, i), password: basic.slice(i + 1) };
  }
  return undefined;
}
