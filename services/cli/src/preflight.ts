import { connect } from 'node:net';
import { BaseConfig, ConfigError, loadConfig } from '@faultline/shared/config';

// Before a command that needs a broker does anything: is something listening at the configured
// address? If not, say so in one line naming the address and the fix, and exit non-zero within
// seconds (KafkaJS and ioredis would retry for a minute, printing a JSON error per attempt and
// ending in a stack trace).

export type Need = 'kafka' | 'redis';

const CONNECT_TIMEOUT_MS = 3000;

/**
 * What each command cannot work without, by its file name. Checked before the command's module
 * is even loaded (loading kafkajs, BullMQ and the stages takes seconds on a busy machine).
 */
const COMMAND_NEEDS: Record<string, readonly Need[] | ((args: string[]) => readonly Need[])> = {
  'bench-pipeline': ['kafka', 'redis'],
  'bench-soak': ['kafka', 'redis'],
  'bench-poll': ['kafka', 'redis'],
  'bench-deliver': ['redis'],
  'bench-story-index': ['redis'],
  topics: ['kafka'],
  // The dashboard's snapshot when it answers, else read from the brokers themselves.
  status: ['kafka', 'redis'],
  feeds: ['redis'],
  mute: ['redis'],
  tokens: ['redis'],
  'rules-ls': ['redis'],
  dlq: ['redis'],
  up: ['kafka', 'redis'],
  'rules-backtest': (args) =>
    args.includes('--file') ||
    args.includes('--from=archive') ||
    /--from\0archive/.test(args.join('\0'))
      ? []
      : ['kafka'],
};

export function commandNeeds(command: string, args: string[]): readonly Need[] {
  const needs = COMMAND_NEEDS[command] ?? [];
  return typeof needs === 'function' ? needs(args) : needs;
}

/** Resolves true when a TCP connection to host:port opens within the timeout. */
export function reachable(host: string, port: number, timeoutMs = CONNECT_TIMEOUT_MS) {
  return new Promise<boolean>((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function hostPort(address: string, defaultPort: number): [string, number] {
  const m = /^\[?([^\]]*?)\]?(?::(\d+))?$/.exec(address.trim());
  return [m?.[1] || '127.0.0.1', Number(m?.[2] ?? defaultPort)];
}

/** The Redis address in a redis:// URL, without credentials. */
export function redisAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || '127.0.0.1'}:${u.port || 6379}`;
  } catch {
    return url;
  }
}

/**
 * Checks what a command needs; returns null when all answer, else the message to print
 * ("no Kafka at 127.0.0.1:9092: run `npm start`, or set KAFKA_BROKERS").
 */
export async function checkNeeds(
  needs: readonly Need[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | null> {
  if (!needs.length) return null;
  let config: BaseConfig;
  try {
    config = loadConfig(BaseConfig, { env });
  } catch (err) {
    return err instanceof ConfigError ? err.message : String(err);
  }
  const problems: string[] = [];
  const checks: Array<Promise<void>> = [];
  if (needs.includes('kafka')) {
    const brokers = config.kafka.brokers;
    checks.push(
      Promise.all(brokers.map((b) => reachable(...hostPort(b, 9092)))).then((ok) => {
        if (!ok.some(Boolean))
          problems.push(
            `no Kafka at ${brokers.join(',')}: run \`npm start\`, or set KAFKA_BROKERS`,
          );
      }),
    );
  }
  if (needs.includes('redis')) {
    const where = redisAddress(config.redis.url);
    checks.push(
      reachable(...hostPort(where, 6379)).then((ok) => {
        if (!ok) problems.push(`no Redis at ${where}: run \`npm start\`, or set REDIS_URL`);
      }),
    );
  }
  await Promise.all(checks);
  return problems.length ? problems.sort().join('\n') : null;
}
