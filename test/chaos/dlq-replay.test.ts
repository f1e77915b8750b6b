import { describe, it, expect, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import type { ConnectionOptions } from 'bullmq';
import { repoRoot } from '@faultline/shared/paths';
import { createRedis, listDeadLetters } from '@faultline/shared/queue';
import { startChaosStack, report, type ChaosStack } from '../support/chaos.ts';
import { REDIS_URL, waitFor } from '../support/brokers.ts';

// A receiver that fails every delivery until the alerts have used their attempts: every one ends
// in the delivery DLQ; then the receiver is fixed and `faultline dlq replay` (the real CLI, on the
// stack's config) delivers each exactly once, and the DLQ is empty.

const run = promisify(execFile);

describe('chaos: full DLQ replay', () => {
  let chaos: ChaosStack | undefined;
  const redis = createRedis(REDIS_URL, { forBullmq: true, name: 'chaos-dlq' });
  afterAll(async () => {
    await chaos?.stop();
    redis.disconnect();
  }, 60_000);

  it('replays every dead letter exactly once', async () => {
    let failing = true;
    chaos = await startChaosStack({
      label: 'chdlq',
      reply: () => (failing ? { status: 500 } : {}),
      delivery: { attempts: 2, backoffMs: 100 },
    });
    const c = chaos;
    const queue = c.ts.names.queues.webhook;
    const connection = redis as unknown as ConnectionOptions;
    const ids = await c.inject(60, 100);
    const dead = await waitFor(
      async () => {
        const letters = await listDeadLetters(queue, connection, 1000);
        return letters.length >= 60 ? letters : null;
      },
      60_000,
      'all 60 alerts in the DLQ',
    );
    expect(c.sink.delivered()).toBe(0);
    failing = false;
    const started = Date.now();
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        join(repoRoot, 'services/cli/src/main.ts'),
        'dlq',
        'replay',
        '--queue',
        'webhook',
      ],
      { cwd: repoRoot, env: { ...process.env, FAULTLINE_CONFIG: c.ts.stack.configFile } },
    );
    await c.waitDelivered(ids, 60_000);
    await new Promise((r) => setTimeout(r, 1500));
    const left = await listDeadLetters(queue, connection, 1000);
    report({
      scenario: 'dlq-replay',
      deadLettered: dead?.length,
      replayOutput: stdout.trim().slice(0, 200),
      delivered: c.sink.delivered(),
      duplicates: c.sink.duplicates(),
      replayToAllDeliveredMs: c.sink.lastAt - started,
      dlqAfter: left.length,
    });
    expect(dead?.length).toBe(60);
    expect(c.sink.delivered()).toBe(60);
    expect(c.sink.duplicates()).toBe(0);
    expect(left).toHaveLength(0);
  }, 150_000);
});
