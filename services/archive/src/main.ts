import { loadConfig } from '@faultline/shared/config';
import { runService, stopOnSignals } from '@faultline/shared/service';
import { brokerProbe, createKafka, connectProducer } from '@faultline/shared/kafka';
import { ArchiveConfig, archiveNames } from './config.ts';
import { createPool, migrate, pingDb } from './io/db.ts';
import { startArchiveIntake } from './io/start-archive.ts';
import { startRetention } from './io/retention.ts';
import { createApi } from './api/routes.ts';
import { createRedis } from '@faultline/shared/queue';
import { createUserTokens } from './io/user-tokens.ts';

// Wiring only: config, PostgreSQL (migrated at start), the three consumers, retention, and the
// /api/v1 routes on the service's HTTP server. Ready when every consumer is in its group and
// PostgreSQL answers.

const config = loadConfig(ArchiveConfig);
const names = archiveNames(config.kafka.topicPrefix);
const pool = createPool(config.archive.databaseUrl, { max: config.archive.poolSize });
// Per-user API tokens live in Redis; the archive reads them only (its data stays in PostgreSQL).
const redis = createRedis(config.redis.url, { name: 'archive-tokens' });
redis.on('error', () => undefined); // reconnects by itself; a user token is refused meanwhile
const api = createApi({
  pool,
  config: config.archive,
  token: config.dashboard.token,
  users: createUserTokens(redis, config.redis.keyPrefix),
});
const service = await runService({
  name: 'archive',
  host: config.host,
  port: config.archive.port,
  logLevel: config.log.level,
  routes: api.handle,
  start: async (ctx) => {
    ctx.onShutdown(() => pool.end());
    ctx.onShutdown(async () => void (await redis.quit().catch(() => redis.disconnect())));
    ctx.addCheck('postgres', () => pingDb(pool));
    await migrate(config.archive.databaseUrl, ctx.log);
    const retention = startRetention({ pool, days: config.archive.retentionDays, log: ctx.log });
    ctx.onShutdown(() => retention.stop());

    const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'archive', log: ctx.log });
    const producer = await connectProducer(kafka);
    ctx.onShutdown(() => producer.disconnect());
    const intake = await startArchiveIntake({
      kafka,
      producer,
      pool,
      topics: names.topics,
      groups: names.groups,
      log: ctx.log,
      metrics: ctx.metrics,
      retentionDays: config.archive.retentionDays,
      batchSize: config.archive.batchSize,
      batchWaitMs: config.archive.batchWaitMs,
      concurrency: config.archive.concurrency,
      onCrash: () => ctx.fail('consumer crashed'),
    });
    ctx.onShutdown(() => intake.stop());
    const probe = brokerProbe(kafka);
    ctx.onShutdown(() => probe.close());
    ctx.addCheck('kafka', async () => {
      if (!intake.isReady()) throw new Error('consumers not in their groups yet');
      await probe.check();
    });
  },
});
stopOnSignals(service);
