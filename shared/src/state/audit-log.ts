import { userInfo } from 'node:os';
import type { Redis } from 'ioredis';
import { z } from 'zod';

// The audit log: every mutating action (who, what, when), from the dashboard and the CLI.
//   <prefix>audit   STREAM  entry id <ms>-<seq> -> e: AuditEntry (JSON)
// Retention: trimmed approximately to `maxLen` entries (default 100,000, ~200 B each) on each
// write; the entry id is the time of the action. Read newest first by the dashboard's audit page
// and `GET /api/audit`.

export const AuditEntry = z.object({
  /** The user (a token's user, `shared-token`, a basic-auth user, or `<login>@cli`). */
  who: z.string(),
  role: z.string().optional(),
  /** The token that was used (its id, never the token). */
  tokenId: z.string().optional(),
  /** What was done: `feed.pause`, `dlq.replay`, `mute.add`, `token.revoke`... */
  action: z.string(),
  /** What it was done to: a feed id, an alert key, `rule:x`, a token id. */
  target: z.string().optional(),
  detail: z.string().max(500).optional(),
  /** Where from: `dashboard` or `cli`. */
  via: z.enum(['dashboard', 'cli']),
  /** False when the action was refused or found nothing to do. */
  ok: z.boolean(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** Who runs a `faultline` command, as the audit log names them: `<login>@cli` (FAULTLINE_USER). */
export function cliUser(env: NodeJS.ProcessEnv = process.env): string {
  let login = env.FAULTLINE_USER;
  if (!login)
    try {
      login = userInfo().username;
    } catch {
      login = 'unknown';
    }
  return `${login}@cli`;
}

export const auditKey = (prefix = 'faultline:'): string => `${prefix}audit`;

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}

export function createAuditLog(redis: Redis, prefix = 'faultline:', maxLen = 100_000): AuditLog {
  const key = auditKey(prefix);
  return {
    async record(entry) {
      const e = AuditEntry.parse(entry);
      await redis.xadd(key, 'MAXLEN', '~', String(maxLen), '*', 'e', JSON.stringify(e));
    },
  };
}

/** Records what a `faultline` command did, as `cliUser()` via the CLI. */
export type CliAudit = (
  action: string,
  target: string,
  ok: boolean,
  detail?: string,
) => Promise<void>;

export function cliAudit(redis: Redis, prefix?: string): CliAudit {
  const log = createAuditLog(redis, prefix);
  const who = cliUser();
  return (action, target, ok, detail) =>
    log.record({ who, action, target, ...(detail ? { detail } : {}), via: 'cli', ok });
}

/** Newest first; `before` (an entry id) pages further back. */
export async function readAudit(
  redis: Redis,
  options: { prefix?: string; limit?: number; before?: string } = {},
): Promise<Array<AuditEntry & { id: string; at: string }>> {
  const limit = Math.min(Math.max(1, options.limit ?? 100), 1000);
  const end = options.before ? `(${options.before}` : '+';
  const batch = await redis.xrevrange(auditKey(options.prefix), end, '-', 'COUNT', limit);
  return batch.flatMap(([id, fields]) => {
    let parsed;
    try {
      parsed = AuditEntry.safeParse(JSON.parse(fields[1] ?? 'null'));
    } catch {
      return [];
    }
    if (!parsed.success) return [];
    const at = new Date(Number(id.slice(0, id.indexOf('-')))).toISOString();
    return [{ id, at, ...parsed.data }];
  });
}
