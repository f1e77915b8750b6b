import { z } from 'zod';
import { BaseConfig } from '@faultline/shared/config';
import { topicsFor, groupsFor } from '@faultline/shared/topics';
import { ARCHIVE_RETENTION_DAYS } from '@faultline/shared/state/archive-tables';

// The archive's config section. `archive.databaseUrl` comes from DATABASE_URL in deployments;
// the default is the embedded PostgreSQL that `npm start` / `npm test` start (infra/postgres).
// The API takes the dashboard's token (dashboard.token, FAULTLINE_DASHBOARD__TOKEN).

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:54329/faultline';

const optionalSecret = z
  .union([z.string(), z.number().transform(String)])
  .optional()
  .transform((s) => (s === undefined || s === '' ? undefined : s));

export const ArchiveSection = z
  .object({
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'expected postgres://user@host:port/db')
      .default(DEFAULT_DATABASE_URL),
    /** Where the archive serves /api/v1, /metrics, /healthz and /readyz. */
    port: z.number().int().min(0).max(65535).default(9305),
    /** Whole weekly partitions older than this are dropped (checked hourly). */
    retentionDays: z.number().int().min(7).max(3660).default(ARCHIVE_RETENTION_DAYS),
    /** Rows written per INSERT batch, and the longest a message waits for its batch. */
    batchSize: z.number().int().min(1).max(5000).default(500),
    batchWaitMs: z.number().int().min(0).max(5000).default(50),
    /** Messages of one partition in flight at once (they share batches). */
    concurrency: z.number().int().min(1).max(5000).default(1000),
    poolSize: z.number().int().min(1).max(100).default(8),
    /** Largest page the API returns, whatever `limit` asks. */
    maxPageSize: z.number().int().min(1).max(1000).default(100),
    /** Requests per token (or client address) per minute. */
    rateLimitPerMinute: z.number().int().min(1).default(600),
    /** Signs pagination cursors; a random one per process when unset (cursors then die on restart). */
    cursorSecret: optionalSecret,
  })
  .prefault({});
export type ArchiveSection = z.infer<typeof ArchiveSection>;

export const ArchiveConfig = BaseConfig.extend({
  archive: ArchiveSection,
  dashboard: z.object({ token: optionalSecret }).loose().prefault({}),
});
export type ArchiveConfig = z.infer<typeof ArchiveConfig>;

export function archiveNames(topicPrefix: string) {
  const topics = topicsFor(topicPrefix);
  const group = groupsFor(topicPrefix).archive;
  return {
    topics: {
      analyzed: topics.analyzed,
      tensionEvents: topics.tensionEvents,
      alerts: topics.alerts,
    },
    groups: { items: `${group}-items`, tension: `${group}-tension`, alerts: `${group}-alerts` },
  };
}
