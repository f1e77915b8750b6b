import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseYamlBounded } from './yaml.ts';
import { z } from 'zod';

// One typed config: a YAML file (FAULTLINE_CONFIG, default ./faultline.yaml when present) with
// environment overrides on top. Each service parses it with its own schema, once, in main.ts,
// and passes the result down. Invalid config stops boot with a message naming the key.

/** Well-known variables, mapped onto config paths. */
const ENV_ALIASES: Record<string, { path: string[]; list?: boolean }> = {
  KAFKA_BROKERS: { path: ['kafka', 'brokers'], list: true },
  REDIS_URL: { path: ['redis', 'url'] },
  LOG_LEVEL: { path: ['log', 'level'] },
  DATABASE_URL: { path: ['archive', 'databaseUrl'] },
};

/** `FAULTLINE_KAFKA__PARTITIONS=6` sets kafka.partitions; values are JSON when they parse. */
const ENV_PREFIX = 'FAULTLINE_';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export const KafkaConfig = z.object({
  brokers: z
    .array(z.string().regex(/^[^\s:]+:\d+$/, 'expected host:port'))
    .min(1)
    .default(['127.0.0.1:9092']),
  clientId: z.string().default('faultline'),
  partitions: z.number().int().positive().default(3),
  replicationFactor: z.number().int().positive().default(1),
  /**
   * How producers compress record batches (consumers read any): none, gzip or lz4. Costs client
   * CPU for fewer bytes on the wire and on the broker's disk.
   */
  compression: z.enum(['none', 'gzip', 'lz4']).default('none'),
  /** Retention of the pipeline topics; DLQ topics keep messages four times as long. */
  retentionHours: z.number().positive().default(168),
  /** Prefixed to every topic and consumer group name: lets tests and tenants share a cluster. */
  topicPrefix: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/, 'letters, digits, . _ - only')
    .default(''),
});

export const BaseConfig = z.object({
  kafka: KafkaConfig.default(KafkaConfig.parse({})),
  redis: z
    .object({
      url: z
        .string()
        .regex(/^rediss?:\/\//, 'expected redis://host:port')
        .default('redis://127.0.0.1:6379'),
      /** Prefixed to every Redis key and BullMQ queue of this deployment. */
      keyPrefix: z.string().default('faultline:'),
    })
    .default({ url: 'redis://127.0.0.1:6379', keyPrefix: 'faultline:' }),
  log: z
    .object({ level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']) })
    .default({ level: 'info' }),
  /** Where each service serves /metrics, /healthz and /readyz. 0 picks a free port. */
  ports: z
    .object({
      poller: z.number().int().min(0).max(65535).default(9301),
      cleaner: z.number().int().min(0).max(65535).default(9302),
      analyzer: z.number().int().min(0).max(65535).default(9303),
      alerter: z.number().int().min(0).max(65535).default(9304),
      dashboard: z.number().int().min(0).max(65535).default(8080),
    })
    .default({ poller: 9301, cleaner: 9302, analyzer: 9303, alerter: 9304, dashboard: 8080 }),
  /** Address the service HTTP servers bind to. */
  host: z.string().default('127.0.0.1'),
});
export type BaseConfig = z.infer<typeof BaseConfig>;

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  /** Path of the YAML file; defaults to $FAULTLINE_CONFIG or ./faultline.yaml when it exists. */
  file?: string | null;
  /** Already-parsed file contents, for tests. */
  raw?: unknown;
}

/** Reads the YAML file and applies environment overrides; returns plain data, unvalidated. */
export function readRawConfig(options: LoadOptions = {}): {
  data: Record<string, unknown>;
  source: string;
} {
  const env = options.env ?? process.env;
  let data: Record<string, unknown> = {};
  let source = 'defaults';
  if (options.raw !== undefined) {
    data = structuredClone(options.raw) as Record<string, unknown>;
    source = 'inline';
  } else {
    const file =
      options.file === undefined ? (env.FAULTLINE_CONFIG ?? defaultFile()) : options.file;
    if (file) {
      const path = resolve(file);
      if (!existsSync(path)) throw new ConfigError(`config file not found: ${path}`);
      let parsed: unknown;
      try {
        parsed = parseYamlBounded(readFileSync(path, 'utf8'));
      } catch (err) {
        throw new ConfigError(`config file ${path} is not valid YAML: ${(err as Error).message}`);
      }
      if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed)))
        throw new ConfigError(`config file ${path} must hold a mapping at the top level`);
      data = (parsed ?? {}) as Record<string, unknown>;
      source = path;
    }
  }
  applyEnv(data, env);
  return { data, source };
}

function defaultFile(): string | null {
  return existsSync('faultline.yaml') ? 'faultline.yaml' : null;
}

function applyEnv(data: Record<string, unknown>, env: NodeJS.ProcessEnv): void {
  for (const [name, alias] of Object.entries(ENV_ALIASES)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    setPath(
      data,
      alias.path,
      alias.list
        ? value
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : value,
    );
  }
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || name === 'FAULTLINE_CONFIG' || value === undefined)
      continue;
    const path = name
      .slice(ENV_PREFIX.length)
      .split('__')
      .map((p) => p.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()));
    setPath(data, path, parseEnvValue(value));
  }
}

function parseEnvValue(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

/**
 * Validates config with the service's schema. Throws a ConfigError whose message names every
 * bad key, e.g. `invalid config (faultline.yaml): kafka.partitions: expected number, received string`.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  options: LoadOptions = {},
): Readonly<z.infer<S>> {
  const { data, source } = readRawConfig(options);
  const result = schema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new ConfigError(`invalid config (${source}): ${problems}`);
  }
  return deepFreeze(result.data);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
