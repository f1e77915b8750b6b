import { createServer } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { BaseConfig, loadConfig } from '@faultline/shared/config';
import { createKafka, ensureTopics, pipelineTopics } from '@faultline/shared/kafka';
import { createLogger } from '@faultline/shared/log';
import { repoRoot } from '@faultline/shared/paths';
import { superviseServices, type Supervisor } from './supervisor.ts';

// A whole Faultline stack as separate processes, isolated by a unique topic prefix, Redis key
// prefix and free ports, so end-to-end, chaos, browser tests and benchmarks run side by side on
// one Kafka cluster and one Redis without seeing each other.

export type ServiceName = 'poller' | 'cleaner' | 'analyzer' | 'alerter' | 'dashboard' | 'archive';

export interface StackOptions {
  /** Config sections merged over the generated base (feeds, poller, alerter, dashboard, ...). */
  config?: Record<string, unknown>;
  services?: ServiceName[];
  /** Extra replicas per service, e.g. { analyzer: 1 } runs two analyzers. */
  extraReplicas?: Partial<Record<ServiceName, number>>;
  partitions?: number;
  logLevel?: string;
  /** Echo service warnings to the terminal (default false for tests). */
  echo?: boolean;
}

export interface Stack {
  id: string;
  configFile: string;
  topicPrefix: string;
  keyPrefix: string;
  ports: Record<string, number>;
  url(service: string): string;
  supervisor: Supervisor;
  logDir: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const id = `st${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const dir = join(tmpdir(), 'faultline-stacks', id);
  mkdirSync(dir, { recursive: true });
  const services = options.services ?? ['poller', 'cleaner', 'analyzer', 'alerter', 'dashboard'];
  const instances: Array<{ name: string; service: ServiceName }> = [];
  for (const s of services) {
    instances.push({ name: s, service: s });
    for (let r = 1; r <= (options.extraReplicas?.[s] ?? 0); r++)
      instances.push({ name: `${s}-${r + 1}`, service: s });
  }
  const ports: Record<string, number> = {};
  for (const i of instances) ports[i.name] = await freePort();
  const topicPrefix = `${id}.`;
  const keyPrefix = `${id}:`;
  const base = {
    kafka: { topicPrefix, partitions: options.partitions ?? 3, retentionHours: 2 },
    redis: { keyPrefix },
    log: { level: options.logLevel ?? 'info' },
    ports: Object.fromEntries(services.map((s) => [s, ports[s]])),
  };
  const merged = deepMerge(base, options.config ?? {});
  const configFile = join(dir, 'faultline.yaml');
  writeFileSync(configFile, stringify(merged));

  const env: NodeJS.ProcessEnv = { ...process.env, FAULTLINE_CONFIG: configFile };
  const config = loadConfig(BaseConfig, { env });
  const kafka = createKafka({
    brokers: config.kafka.brokers,
    clientId: `stack-${id}`,
    log: createLogger({ service: 'stack', level: 'warn' }),
  });
  await ensureTopics(kafka, pipelineTopics(config.kafka));

  const logDir = join(dir, 'logs');
  const supervisor = superviseServices(
    instances.map((i) => ({
      name: i.name,
      entry: join(repoRoot, 'services', i.service, 'src', 'main.ts'),
      env: {
        [i.service === 'archive'
          ? 'FAULTLINE_ARCHIVE__PORT'
          : `FAULTLINE_PORTS__${i.service.toUpperCase()}`]: String(ports[i.name]),
      },
    })),
    { logDir, env, echo: options.echo ?? false },
  );
  return {
    id,
    configFile,
    topicPrefix,
    keyPrefix,
    ports,
    logDir,
    supervisor,
    url: (name) => `http://127.0.0.1:${ports[name]}`,
    stop: () => supervisor.stop(),
  };
}

/** Polls a service's /readyz until it answers 200. */
export async function waitReady(stack: Stack, name: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${stack.url(name)}/readyz`);
      if (res.ok) return;
      last = await res.text();
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} not ready after ${timeoutMs} ms: ${last} (logs in ${stack.logDir})`);
}

function deepMerge(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] =
      prev &&
      v &&
      typeof prev === 'object' &&
      typeof v === 'object' &&
      !Array.isArray(prev) &&
      !Array.isArray(v)
        ? deepMerge(prev as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}
