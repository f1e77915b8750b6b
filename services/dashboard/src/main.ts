import { loadConfig } from '@faultline/shared/config';
import { createLogger } from '@faultline/shared/log';
import { runService } from '@faultline/shared/service';
import { pingRedis } from '@faultline/shared/queue';
import { pingKafka } from '@faultline/shared/kafka';
import { DashboardConfig, archiveUrlOf, authRequired } from './config.ts';
import { createArchiveProxy } from './http/archive-proxy.ts';
import { connectSources, type Sources } from './io/wire-sources.ts';
import { startSnapshotLoop, type SnapshotLoop } from './io/snapshot-loop.ts';
import { createHistoryStore } from './io/history-store.ts';
import { createSseHub } from './http/sse-hub.ts';
import { createRoutes } from './http/routes.ts';
import { startEntityCounter } from './io/entity-counter.ts';
import { exportBrokerGauges } from './io/export-gauges.ts';
import { groupsFor, topicsFor } from '@faultline/shared/topics';
import { createTokenStore, type TokenStore } from '@faultline/shared/state/api-tokens';
import { createAuditLog } from '@faultline/shared/state/audit-log';
import { createAuth } from './http/auth.ts';
import { createGuard } from './http/guard.ts';
import { createAdminRoutes } from './http/admin-routes.ts';

// Wiring only: sources (Kafka admin, Redis, the stages' /metrics), the snapshot loop, the SSE
// hub and the routes, served beside /metrics, /healthz and /readyz.

const config = loadConfig(DashboardConfig);
const log = createLogger({ service: 'dashboard', level: config.log.level });
const hub = createSseHub();
let loop: SnapshotLoop | undefined;
let sources: Sources | undefined;

const credentials = { token: config.dashboard.token, basicAuth: config.dashboard.basicAuth };
const prefix = config.redis.keyPrefix;
let tokens: TokenStore | null = null;
const auditLog = () => (sources ? createAuditLog(sources.redis, prefix) : null);
const guard = createGuard({
  audit: async (entry) => {
    await auditLog()?.record({ ...entry, via: 'dashboard' });
  },
  log: log.child({ component: 'audit' }),
});
const routes = createRoutes({
  credentials,
  auth: createAuth({ credentials, tokens: () => tokens }),
  guard,
  admin: createAdminRoutes({
    redis: () => sources?.redis ?? null,
    prefix,
    alerterPrefix: config.alerter?.redisPrefix ?? prefix,
    guard,
  }),
  hub,
  latest: () => loop?.latest() ?? null,
  setFeedPaused: async (id, paused) => (sources ? sources.feeds.setPaused(id, paused) : false),
  retryDeadLetters: async (key) => (sources ? sources.alerts.retryDeadLetters(key) : []),
  log: log.child({ component: 'api' }),
  allowUnauthenticatedWrites: config.dashboard.allowUnauthenticatedWrites,
  archive: createArchiveProxy({
    baseUrl: archiveUrlOf(config),
    token: config.dashboard.token,
    log: log.child({ component: 'archive-proxy' }),
  }),
});

await runService({
  name: 'dashboard',
  exitOnSignals: true,
  host: config.host,
  port: config.ports.dashboard,
  log,
  routes,
  start: async (ctx) => {
    const s = (sources = await connectSources(config, ctx.log));
    tokens = createTokenStore(s.redis, prefix);
    ctx.onShutdown(() => s.close());
    ctx.addCheck('redis', () => pingRedis(s.redis));
    ctx.addCheck('kafka', () => pingKafka(s.admin));
    // Top entities are a display statistic: without the topic (yet) the dashboard still runs.
    const counter = await startEntityCounter({
      kafka: s.kafka,
      redis: s.redis,
      topic: topicsFor(config.kafka.topicPrefix).analyzed,
      groupId: groupsFor(config.kafka.topicPrefix).dashboard,
      prefix: config.redis.keyPrefix,
      log: ctx.log,
    }).catch((err: unknown) => {
      ctx.log.warn({ err }, 'entity counter not started; top entities will stay empty');
      return null;
    });
    if (counter) ctx.onShutdown(() => counter.stop());
    const l = (loop = startSnapshotLoop({
      collector: s.collector,
      everyMs: config.dashboard.refreshMs,
      publish: (snapshot) => hub.publish(snapshot),
      log: ctx.log,
      metrics: ctx.metrics,
      clients: () => hub.size(),
      history: createHistoryStore(s.redis, config.redis.keyPrefix),
    }));
    ctx.onShutdown(() => l.stop());
    exportBrokerGauges(ctx.metrics, () => l.latest(), s.alerts);
    ctx.onShutdown(() => hub.close());
    if (authRequired(config.dashboard))
      ctx.log.info('dashboard requires a token or a user and password');
    else if (config.dashboard.allowUnauthenticatedWrites)
      ctx.log.warn(
        { host: config.host },
        'dashboard.allowUnauthenticatedWrites is set: anyone who reaches the dashboard can pause feeds and replay dead letters',
      );
    else ctx.log.info('no dashboard token: read-only (feed and DLQ actions are refused)');
    if (!authRequired(config.dashboard) && !['127.0.0.1', 'localhost', '::1'].includes(config.host))
      ctx.log.warn(
        { host: config.host },
        'dashboard is reachable beyond localhost without a token',
      );
  },
});
