import type { Redis } from 'ioredis';
import { z } from 'zod';

// Alert and delivery history: written by the alerter (each alert, suppression and delivery
// attempt), read by the dashboard (alerts table, DLQ view) and `faultline` audit commands.
//   <prefix>alerter:history   STREAM  entry id <ms>-<seq> -> e: HistoryEntry (JSON)
// Retention: trimmed approximately to `alerter.historyMaxLen` entries (MAXLEN ~) on each write.
//
// Alert and delivery history in one Redis stream, trimmed approximately to a maximum length.
// A stream keeps entries in time order with ids that are timestamps, costs one XADD per event on
// the Redis the alerter already depends on, and XREVRANGE gives the dashboard the newest first;
// the trim bounds memory (audit beyond that window belongs in log shipping, not here).
// Entries are kept small (they are ~2 per alert): no alert body, and no field the reader can
// rebuild. `at` is left out when it is the time of recording, which the entry id already holds
// (the reader puts it back); a delivery entry names its alert and destination, and the alert
// entry with the same alertKey has the rule, story, item and title.

export const HistoryEntry = z.object({
  type: z.enum(['alert', 'suppressed', 'delivery']),
  at: z.string(),
  alertKey: z.string(),
  ruleId: z.string().optional(),
  storyId: z.string().optional(),
  itemId: z.string().optional(),
  title: z.string().optional(),
  severity: z.string().optional(),
  isUpdate: z.boolean().optional(),
  reason: z.string().optional(),
  /** Destination name (never its URL) and queue, for deliveries. */
  destination: z.string().optional(),
  queue: z.string().optional(),
  attempt: z.number().optional(),
  outcome: z.enum(['delivered', 'throttled', 'retry', 'permanent', 'folded', 'digest']).optional(),
  status: z.number().optional(),
  ms: z.number().optional(),
  error: z.string().optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** What is written: `at` only when it is not the time of recording. */
const StoredEntry = HistoryEntry.extend({ at: z.string().optional() });
export type NewHistoryEntry = z.infer<typeof StoredEntry>;

/** The stream, under the deployment's key prefix (default `faultline:`). */
export const historyKey = (prefix = 'faultline:'): string => `${prefix}alerter:history`;

export interface HistoryWriter {
  record(entry: NewHistoryEntry): Promise<void>;
}

export function createHistory(redis: Redis, key: string, maxLen: number): HistoryWriter {
  return {
    async record(entry) {
      await redis.xadd(key, 'MAXLEN', '~', String(maxLen), '*', 'e', JSON.stringify(entry));
    },
  };
}

/** An entry id is `<ms>-<seq>`: the time it was recorded. */
const idTime = (id: string) => new Date(Number(id.slice(0, id.indexOf('-')))).toISOString();

/**
 * Newest first. For the dashboard, the alerter's briefs and `faultline` audit commands. `since`
 * (epoch ms) stops at the entries recorded before it.
 */
export async function readAlertHistory(
  redis: Redis,
  options: { limit?: number; prefix?: string; type?: HistoryEntry['type']; since?: number } = {},
): Promise<Array<HistoryEntry & { id: string }>> {
  const key = historyKey(options.prefix);
  const limit = options.limit ?? 100;
  const out: Array<HistoryEntry & { id: string }> = [];
  let end = '+';
  while (out.length < limit) {
    const start =
      options.since === undefined ? '-' : String(Math.max(0, Math.floor(options.since)));
    const batch = await redis.xrevrange(key, end, start, 'COUNT', Math.max(limit, 100));
    if (!batch.length) break;
    for (const [id, fields] of batch) {
      const parsed = StoredEntry.safeParse(JSON.parse(fields[1] ?? 'null'));
      if (parsed.success && (!options.type || parsed.data.type === options.type))
        out.push({ id, ...parsed.data, at: parsed.data.at ?? idTime(id) });
      if (out.length >= limit) break;
    }
    const last = batch[batch.length - 1]![0];
    end = `(${last}`;
    if (batch.length < Math.max(limit, 100)) break;
  }
  return out;
}
