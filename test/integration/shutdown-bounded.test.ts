import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '@faultline/shared/paths';
import { freePort } from '../../services/cli/src/up/stack.ts';

// Bounded shutdown: every service exits within 5 s of SIGTERM/SIGINT even when Kafka and Redis
// cannot be reached (KafkaJS and ioredis would otherwise retry for a minute), and a second
// signal exits at once. Each service runs in its own process group, killed whatever happens.

const SERVICES = ['poller', 'cleaner', 'analyzer', 'alerter', 'dashboard'] as const;
const DEAD_KAFKA = '127.0.0.1:1';
const DEAD_REDIS = 'redis://127.0.0.1:1';

const dir = mkdtempSync(join(tmpdir(), 'faultline-shutdown-'));
const configFile = join(dir, 'faultline.yaml');
writeFileSync(
  configFile,
  'kafka:\n  topicPrefix: "shutdown-test."\nredis:\n  keyPrefix: "shutdown-test:"\n',
);

interface Started {
  child: ChildProcess;
  exit: Promise<{ at: number; code: number | null; signal: string | null }>;
  output: () => string;
}

async function startDead(service: string): Promise<Started> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', `services/${service}/src/main.ts`], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      FAULTLINE_CONFIG: configFile,
      KAFKA_BROKERS: DEAD_KAFKA,
      REDIS_URL: DEAD_REDIS,
      [`FAULTLINE_PORTS__${service.toUpperCase()}`]: String(port),
    },
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => void (out = (out + d.toString()).slice(-20_000)));
  child.stderr!.on('data', (d: Buffer) => void (out = (out + d.toString()).slice(-20_000)));
  const exit = new Promise<{ at: number; code: number | null; signal: string | null }>((r) =>
    child.once('exit', (code, signal) => r({ at: Date.now(), code, signal })),
  );
  // Serving /healthz: the service is up and retrying its brokers in the background.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${service} exited at start:\n${out}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`${service} never served /healthz:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  await new Promise((r) => setTimeout(r, 1000)); // well into its connection retries
  return { child, exit, output: () => out };
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // gone already
  }
}

describe('bounded shutdown with Kafka and Redis unreachable', () => {
  for (const service of SERVICES) {
    it(`${service}: exits within 5 s of SIGTERM, and at once on a second signal`, async () => {
      const [one, two] = await Promise.all([startDead(service), startDead(service)]);
      try {
        const t1 = Date.now();
        one.child.kill(service === 'cleaner' ? 'SIGINT' : 'SIGTERM');
        const t2 = Date.now();
        two.child.kill('SIGTERM');
        await new Promise((r) => setTimeout(r, 30));
        const t2b = Date.now();
        two.child.kill('SIGTERM');
        const [e1, e2] = await Promise.all([one.exit, two.exit]);
        expect(e1.at - t1, one.output().slice(-3000)).toBeLessThan(5000);
        expect(e1.code, one.output().slice(-3000)).toBe(0);
        expect(e2.at - t2, two.output().slice(-3000)).toBeLessThan(5000);
        // Exited already (graceful within 30 ms) or right after the second signal.
        expect(e2.at - t2b, two.output().slice(-3000)).toBeLessThan(1000);
        expect([0, 143]).toContain(e2.code);
      } finally {
        killGroup(one.child);
        killGroup(two.child);
      }
    }, 120_000);
  }
});
