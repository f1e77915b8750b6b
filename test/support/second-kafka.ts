import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@faultline/shared/paths';
import { brokerProbe, createKafka } from '@faultline/shared/kafka';
import { createLogger } from '@faultline/shared/log';
import { freePort } from '../../services/cli/src/up/stack.ts';

// A second, private single-node KRaft broker (infra/kafka/start.sh on free ports with its own
// data dir) that a chaos test may stop and start without disturbing the shared broker on 9092.
// Stopping keeps the data dir, so a start is a restart of the same broker; wipe() removes it.
// If the test process dies without cleaning up, an exit hook still SIGKILLs the broker.

export interface SecondKafka {
  brokers: string[];
  dataDir: string;
  pid(): number | null;
  /** Clean shutdown (SIGTERM), or SIGKILL when `kill` is set. */
  stop(options?: { kill?: boolean }): Promise<void>;
  /** Starts it again on the same data dir; resolves when it answers a Metadata request. */
  start(): Promise<void>;
  /** Stops it (if running) and deletes the data dir. */
  wipe(): Promise<void>;
}

const script = (name: string) => join(repoRoot, 'infra', 'kafka', name);

function run(cmd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [cmd],
      { env: { ...process.env, ...env }, timeout: timeoutMs },
      (err, stdout, stderr) =>
        err ? reject(new Error(`${cmd}: ${err.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startSecondKafka(): Promise<SecondKafka> {
  const port = await freePort();
  let cport = await freePort();
  while (cport === port) cport = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'faultline-kafka-'));
  const env = {
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(cport),
    KAFKA_DATA_DIR: dataDir,
    KAFKA_HEAP: '-Xmx384m -Xms128m',
    KAFKA_READY_TIMEOUT: '60',
    KAFKA_STOP_TIMEOUT: '15',
    // start.sh only launches; readiness is checked here with a KafkaJS Metadata request,
    // much cheaper than the script's probe (a JVM start per attempt).
    KAFKA_WAIT: '0',
  };
  const brokers = [`127.0.0.1:${port}`];
  const pid = () => {
    try {
      const n = Number(readFileSync(join(dataDir, 'kafka.pid'), 'utf8').trim());
      return Number.isInteger(n) && n > 0 ? n : null;
    } catch {
      return null;
    }
  };
  const killOnExit = () => {
    const p = pid();
    if (p === null) return;
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', killOnExit);
  const start = async () => {
    await run(script('start.sh'), env, 60_000);
    const log = createLogger({ service: 'second-kafka', level: 'silent' });
    const probe = brokerProbe(createKafka({ brokers, clientId: 'second-kafka-probe', log }), 1000);
    const deadline = Date.now() + 90_000;
    try {
      for (;;) {
        const p = pid();
        if (p === null || !alive(p))
          throw new Error(`private kafka exited; see ${dataDir}/server.log`);
        if (
          await probe.check().then(
            () => true,
            () => false,
          )
        )
          return;
        if (Date.now() > deadline) throw new Error(`private kafka not ready in 90 s (${dataDir})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await probe.close().catch(() => undefined);
    }
  };
  const stop = async (options: { kill?: boolean } = {}) => {
    const p = pid();
    if (options.kill && p !== null) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        // already gone
      }
      for (let i = 0; i < 100 && alive(p); i++) await new Promise((r) => setTimeout(r, 100));
    }
    await run(script('stop.sh'), env, 30_000);
  };
  try {
    await start();
  } catch (err) {
    await stop({ kill: true }).catch(() => undefined);
    throw err;
  }
  return {
    brokers,
    dataDir,
    pid,
    stop,
    start,
    async wipe() {
      await stop({ kill: true }).catch(() => undefined);
      execFileSync('bash', [script('stop.sh'), '--wipe'], {
        env: { ...process.env, ...env },
        stdio: 'ignore',
      });
      process.removeListener('exit', killOnExit);
    },
  };
}
