import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '@faultline/shared/paths';
import { createKafka } from '@faultline/shared/kafka';
import { createLogger } from '@faultline/shared/log';
import { deleteStackTopics } from '../../services/cli/src/bench/cleanup-stack.ts';
import { KAFKA_BROKERS } from '../support/brokers.ts';
import { killAll, processesTagged } from '../support/run-tag.ts';

// A run that crashes mid-way leaves nothing behind: a child process starts a stack of services
// (the supervisor, as every test and bench uses it), then dies abruptly. Every service notices
// its supervisor is gone, stops gracefully, and exits within seconds; no process carrying the
// child's tag survives.

const TAG = 'FAULTLINE_CRASH_TAG';

async function crashAndCount(how: 'kill9' | 'throw') {
  const tag = `crash-${how}-${randomBytes(4).toString('hex')}`;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'test/support/crash-stack.ts'), how],
    { cwd: repoRoot, env: { ...process.env, [TAG]: tag }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout });
  const started = await new Promise<{ pids: Record<string, number>; topicPrefix: string } | null>(
    (resolve) => {
      lines.once('line', (l) =>
        resolve(JSON.parse(l) as { pids: Record<string, number>; topicPrefix: string }),
      );
      child.once('exit', () => resolve(null));
    },
  );
  const exited = await new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.exitCode !== null || child.signalCode !== null
      ? resolve({ code: child.exitCode, signal: child.signalCode })
      : child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const diedAt = Date.now();
  expect(
    started,
    `the crashing run did not start its stack: ${stderr.slice(-2000)}`,
  ).not.toBeNull();
  expect(Object.keys(started!.pids).sort()).toEqual(['alerter', 'analyzer', 'cleaner']);
  // Right after the crash the services are still there (stopping); then none may be left.
  let left = processesTagged(tag, TAG);
  while (left.length && Date.now() - diedAt < 10_000) {
    await new Promise((r) => setTimeout(r, 200));
    left = processesTagged(tag, TAG);
  }
  const goneAfterMs = Date.now() - diedAt;
  killAll(left); // never leave them, even when the assertion below fails
  if (started) {
    const log = createLogger({ service: 'no-orphans', level: 'silent' });
    const kafka = createKafka({ brokers: KAFKA_BROKERS, clientId: 'no-orphans', log });
    await deleteStackTopics(kafka, started).catch(() => undefined);
  }
  return { exited, left, goneAfterMs };
}

describe('no orphans when a run crashes', () => {
  it('kill -9 of the process that started a stack: every service exits by itself', async () => {
    const r = await crashAndCount('kill9');
    expect(r.exited.signal).toBe('SIGKILL');
    expect(r.left.map((p) => p.cmd)).toEqual([]);
    expect(r.goneAfterMs).toBeLessThan(10_000);
  }, 150_000);

  it('an uncaught exception in it: the supervisor kills its process groups on exit', async () => {
    const r = await crashAndCount('throw');
    expect(r.exited.code).toBe(1);
    expect(r.left.map((p) => p.cmd)).toEqual([]);
    expect(r.goneAfterMs).toBeLessThan(10_000);
  }, 150_000);
});
