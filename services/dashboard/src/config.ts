import { z } from 'zod';
import { BaseConfig } from '@faultline/shared/config';

// The dashboard's config section. The token (or basic-auth pair) protects every route except
// /healthz, /readyz and /metrics; it comes from the environment in deployments
// (FAULTLINE_DASHBOARD__TOKEN), never from a committed file. An empty string means "not set", so
// compose can pass `${DASHBOARD_TOKEN:-}` unconditionally.

// Environment values that parse as JSON arrive typed (`FAULTLINE_DASHBOARD__TOKEN=123456` is a
// number), so numbers are taken as their digits.
const optionalSecret = z
  .union([
    z.string(),
    z
      .number()
      .refine(Number.isSafeInteger, 'a long all-digit secret loses digits as a number: add letters')
      .transform(String),
  ])
  .optional()
  .transform((s) => (s === undefined || s === '' ? undefined : s));

export const DashboardSection = z
  .object({
    token: optionalSecret,
    basicAuth: z
      .object({ user: z.string().min(1), password: z.string().min(8, 'at least 8 characters') })
      .optional(),
    /**
     * Without a token or user, the page and the read API stay open (the dashboard binds
     * 127.0.0.1 by default) but every mutating endpoint (feed pause/resume, DLQ replays) is
     * refused, unless this is set explicitly (a warning is logged at start).
     */
    allowUnauthenticatedWrites: z.boolean().default(false),
    /** How often the snapshot is rebuilt and pushed to browsers. */
    refreshMs: z.number().int().min(250).max(60_000).default(1000),
    /** Metrics endpoints per stage; defaults to http://127.0.0.1:<ports.stage>/metrics. */
    metricsTargets: z.record(z.string(), z.url()).optional(),
    /** Sparkline length (points at refreshMs each). */
    historyPoints: z.number().int().min(10).max(10_000).default(3600),
    /** Alerts shown on the page. */
    alertLimit: z.number().int().min(1).max(1000).default(100),
    /**
     * The archive's /api/v1, which the search, story, alert-history and trend pages read
     * through the dashboard; default http://127.0.0.1:<archive.port>.
     */
    archiveUrl: z.url().optional(),
  })
  .prefault({});
export type DashboardSection = z.infer<typeof DashboardSection>;

/** The keys of other services' sections the dashboard needs to find their data (read-only). */
const PeerSections = {
  alerter: z
    .object({
      redisPrefix: z.string().optional(),
      queues: z.object({ slack: z.string().optional(), webhook: z.string().optional() }).optional(),
    })
    .optional()
    .catch(undefined),
  poller: z.object({ keyPrefix: z.string().optional() }).optional().catch(undefined),
  archive: z.object({ port: z.number().int().optional() }).optional().catch(undefined),
};

export const DashboardConfig = BaseConfig.extend({ dashboard: DashboardSection, ...PeerSections });
export type DashboardConfig = z.infer<typeof DashboardConfig>;

/** True when the dashboard must check credentials on every non-health route. */
export const authRequired = (c: DashboardSection): boolean =>
  c.token !== undefined || c.basicAuth !== undefined;

/** Where the dashboard finds the archive's /api/v1. */
export const archiveUrlOf = (c: DashboardConfig): string =>
  c.dashboard.archiveUrl ?? `http://127.0.0.1:${c.archive?.port ?? 9305}`;
