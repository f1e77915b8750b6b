import type { ParseArgsOptions } from '../cli-help.ts';
import { BaseConfig, ConfigError, loadConfig } from '@faultline/shared/config';
import { createKafka, pipelineTopics } from '@faultline/shared/kafka';
import { createRedis } from '@faultline/shared/queue';
import { createLogger } from '@faultline/shared/log';

export const summary =
  'check Kafka, Redis, PostgreSQL and the config, and say in plain words what is wrong';

/** It takes no options (`--help` says so). */
export const options = {} satisfies ParseArgsOptions;

type Finding = { ok: boolean; what: string; detail: string };

export async function run(_args: string[]): Promise<number> {
  const findings: Finding[] = [];
  let config;
  try {
    config = loadConfig(BaseConfig);
    findings.push({
      ok: true,
      what: 'config',
      detail: `valid (${process.env.FAULTLINE_CONFIG ?? 'faultline.yaml or defaults'})`,
    });
  } catch (err) {
    findings.push({
      ok: false,
      what: 'config',
      detail: err instanceof ConfigError ? err.message : String(err),
    });
    print(findings);
    return 1;
  }
  findings.push(await checkKafka(config));
  findings.push(...(await checkRedis(config.redis.url)));
  findings.push(await checkPostgres());
  print(findings);
  return findings.every((f) => f.ok) ? 0 : 1;
}

async function checkKafka(config: BaseConfig): Promise<Finding> {
  const log = createLogger({ service: 'doctor', level: 'silent' });
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'faultline-doctor', log });
  const admin = kafka.admin({ retry: { retries: 1, initialRetryTime: 200 } });
  const where = config.kafka.brokers.join(',');
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    const topics = new Set(await admin.listTopics());
    const missing = pipelineTopics(config.kafka)
      .map((t) => t.topic)
      .filter((t) => !topics.has(t));
    const brokers = `${cluster.brokers.length} broker(s), controller ${cluster.controller}`;
    if (missing.length)
      return {
        ok: true,
        what: 'kafka',
        detail: `reachable at ${where} (${brokers}); topics not created yet: ${missing.join(', ')} (npm start creates them)`,
      };
    return {
      ok: true,
      what: 'kafka',
      detail: `reachable at ${where} (${brokers}); all pipeline topics exist`,
    };
  } catch (err) {
    return {
      ok: false,
      what: 'kafka',
      detail: `cannot reach a broker at ${where}: ${(err as Error).message}. Start one with 'bash infra/kafka/start.sh' or set KAFKA_BROKERS.`,
    };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function checkRedis(url: string): Promise<Finding[]> {
  const redis = createRedis(url, { name: 'faultline-doctor' });
  redis.on('error', () => undefined);
  const where = url.replace(/\/\/[^@]*@/, '//');
  try {
    await Promise.race([
      redis.ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 3 s')), 3000)),
    ]);
    const info = await redis.info('server');
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
    const policy = ((await redis.config('GET', 'maxmemory-policy')) as string[])[1] ?? 'unknown';
    const out: Finding[] = [
      { ok: true, what: 'redis', detail: `reachable at ${where} (version ${version})` },
    ];
    if (policy !== 'noeviction')
      out.push({
        ok: false,
        what: 'redis',
        detail: `maxmemory-policy is ${policy}: Redis may evict queued alerts and dedup state. Set it to noeviction.`,
      });
    return out;
  } catch (err) {
    return [
      {
        ok: false,
        what: 'redis',
        detail: `cannot reach Redis at ${where}: ${(err as Error).message}. Start one with 'bash infra/redis/start.sh' or set REDIS_URL.`,
      },
    ];
  } finally {
    redis.disconnect();
  }
}

function print(findings: Finding[]): void {
  for (const f of findings)
    console.log(`${f.ok ? 'ok     ' : 'PROBLEM'}  ${f.what.padEnd(8)} ${f.detail}`);
  const bad = findings.filter((f) => !f.ok).length;
  console.log(bad ? `\n${bad} problem(s) found.` : '\nall good.');
}

async function checkPostgres(): Promise<Finding> {
  const { checkArchiveDatabase } = await import('../archive/doctor-check.ts');
  return { what: 'postgres', ...(await checkArchiveDatabase()) };
}
