import { parseArgs } from 'node:util';
import type { ParseArgsOptions } from '../cli-help.ts';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { BaseConfig, loadConfig } from '@faultline/shared/config';
import { createKafka, ensureTopics, pipelineTopics } from '@faultline/shared/kafka';
import { createLogger } from '@faultline/shared/log';
import { repoRoot } from '@faultline/shared/paths';
import { superviseServices } from '../up/supervisor.ts';
import { startDemo } from '../up/demo.ts';
import { DashboardConfig, authRequired } from '@faultline/dashboard';
import { PollerConfig } from '@faultline/poller';
import { FeedStore } from '@faultline/shared/state/feed-registry';
import { ArchiveConfig } from '@faultline/archive';
import { createRedis } from '@faultline/shared/queue';

export const summary =
  'run the whole monitor locally (topics, every service, the dashboard); --demo runs offline on fixture feeds';

/** Its options (also what `--help` lists). */
export const options = {
  demo: { type: 'boolean', default: false },
  rate: { type: 'string', default: '1' },
} satisfies ParseArgsOptions;

const SERVICES = ['poller', 'cleaner', 'analyzer', 'alerter', 'dashboard', 'archive'] as const;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options,
  });
  const env: NodeJS.ProcessEnv = { ...process.env };
  const stops: Array<() => Promise<void>> = [];
  if (values.demo) {
    const demo = await startDemo({
      ratePerSecond: Number(values.rate),
      stateDir: join(repoRoot, '.faultline'),
      onAlert: (line) => console.log(`[demo receiver] ${line}`),
    });
    env.FAULTLINE_CONFIG = demo.configFile;
    stops.push(demo.stop);
    console.log(`demo: fixture feeds at ${demo.feedsUrl}, alert receiver at ${demo.receiverUrl}`);
  }
  const config = loadConfig(BaseConfig, { env });
  // Without credentials the dashboard is read-only: give this run a token of its own, shown in
  // the dashboard link below, so its buttons (pause, DLQ replay) work for whoever started it.
  let dashboardToken: string | undefined;
  if (!authRequired(loadConfig(DashboardConfig, { env }).dashboard)) {
    dashboardToken = randomBytes(18).toString('base64url');
    env.FAULTLINE_DASHBOARD__TOKEN = dashboardToken;
  }
  const archive = loadConfig(ArchiveConfig, { env });
  const log = createLogger({ service: 'up', level: 'warn' });
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'faultline-up', log });
  const created = await ensureTopics(kafka, pipelineTopics(config.kafka));
  if (created.length) console.log(`created topics: ${created.join(', ')}`);

  const supervisor = superviseServices(
    SERVICES.map((name) => ({ name, entry: join(repoRoot, 'services', name, 'src', 'main.ts') })),
    { logDir: join(repoRoot, '.faultline', 'logs'), env },
  );
  const host = config.host;
  console.log(
    [
      '',
      `Faultline is running (Kafka ${config.kafka.brokers.join(',')}, Redis ${config.redis.url.replace(/\/\/[^@]*@/, '//')}).`,
      `  dashboard  http://${host}:${config.ports.dashboard}/${dashboardToken ? `?token=${dashboardToken}  (a token for this run)` : ''}`,
      ...SERVICES.filter((s) => s !== 'dashboard' && s !== 'archive').map(
        (s) => `  ${s.padEnd(9)}  http://${host}:${config.ports[s]}/metrics  /healthz  /readyz`,
      ),
      `  archive    http://${host}:${archive.archive.port}/api/v1/search?q=...  (PostgreSQL ${archive.archive.databaseUrl.replace(/\/\/[^@]*@/, '//')})`,
      `  logs       ${join(repoRoot, '.faultline', 'logs')}/<service>.log`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  if (!values.demo && (await watchesNoFeeds(env)))
    console.log(
      'Watching 0 feeds: `npx faultline feeds import starter` adds 100+ curated world-news feeds (config/feeds.starter.yaml).\n',
    );

  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  console.log('\nstopping: services finish in-flight work and commit their offsets...');
  await supervisor.stop();
  for (const stop of stops) await stop();
  console.log('stopped.');
  return 0;
}

/** No feed in the config, the shipped defaults off, and none in the Redis registry. */
async function watchesNoFeeds(env: NodeJS.ProcessEnv): Promise<boolean> {
  const config = loadConfig(PollerConfig, { env });
  if (config.feeds.length || config.poller.useDefaultFeeds) return false;
  const redis = createRedis(config.redis.url, { name: 'faultline-up-feeds' });
  try {
    return (await new FeedStore(redis, config.poller.keyPrefix).list()).length === 0;
  } catch {
    return false; // Redis trouble shows in the services' own health; no hint then
  } finally {
    redis.disconnect();
  }
}
