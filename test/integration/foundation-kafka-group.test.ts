import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { envelopeMessage, produceMessages } from '@faultline/shared/kafka';
import { collectMessages, uniqueName, waitFor } from '../support/brokers.ts';
import { useKafkaAdapter } from '../support/kafka-adapter.ts';

// The Kafka consumer runner in its group against the real broker: a consumer killed before its
// commit, a handler slower than the session, a member dropped mid-batch.

const CONSUMER_PROCESS = fileURLToPath(new URL('../support/consumer-process.ts', import.meta.url));

describe('Kafka consumer runner in its group', () => {
  const k = useKafkaAdapter();

  it('redelivers a message whose consumer was killed (kill -9) before committing', async () => {
    const { input, output } = await k.freshTopics();
    const groupId = uniqueName('g');
    const victim = spawn(process.execPath, ['--import', 'tsx', CONSUMER_PROCESS], {
      env: { ...process.env, GROUP: groupId, TOPIC: input },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    victim.stdout.on('data', (d) => (stdout += String(d)));
    try {
      await waitFor(() => stdout.includes('ready'), 30_000, 'victim consumer ready');
      await produceMessages(k.producer, [envelopeMessage(input, 'k', 'id', { n: 7 })]);
      await waitFor(() => stdout.includes('got 7'), 20_000, 'first delivery');
    } finally {
      victim.kill('SIGKILL');
    }
    const second = await k.consume({
      groupId,
      topic: input,
      sessionTimeoutMs: 6000,
      handle: (data) => [envelopeMessage(output, 'k', 'id', { n: data.n })],
    });
    try {
      const out = await collectMessages(k.kafka, output, (m) => m.length >= 1, 40_000);
      expect(JSON.parse(out[0]!.value!).data.n).toBe(7);
    } finally {
      await second.stop();
    }
  });

  it('stays in its group while a handler waits longer than the session (heartbeats go on)', async () => {
    const { input, output } = await k.freshTopics();
    const groupId = uniqueName('g');
    const crashes: unknown[] = [];
    const runner = await k.consume({
      groupId,
      topic: input,
      sessionTimeoutMs: 6000,
      onCrash: (err) => crashes.push(err),
      // A dependency away for 2.5 sessions (Redis restarting), the call waiting it out.
      handle: async (data) => {
        await new Promise((r) => setTimeout(r, 15_000));
        return [envelopeMessage(output, 'k', 'id', { n: data.n })];
      },
    });
    let rejoins = 0;
    runner.consumer.on(runner.consumer.events.GROUP_JOIN, () => rejoins++);
    try {
      await produceMessages(k.producer, [envelopeMessage(input, 'k', 'id', { n: 5 })]);
      const out = await collectMessages(k.kafka, output, (m) => m.length >= 1, 40_000);
      expect(JSON.parse(out[0]!.value!).data.n).toBe(5);
      const admin = k.kafka.admin();
      await admin.connect();
      try {
        await waitFor(
          async () => {
            const [t] = await admin.fetchOffsets({ groupId, topics: [input] });
            return t?.partitions[0]?.offset === '1';
          },
          10_000,
          'offset committed',
        );
      } finally {
        await admin.disconnect();
      }
      expect(crashes).toEqual([]);
      expect(rejoins).toBe(0);
    } finally {
      await runner.stop();
    }
  }, 60_000);

  it('hands its batch back and rejoins, not crashes, when the group dropped it mid-batch', async () => {
    const { input, output } = await k.freshTopics();
    const crashes: unknown[] = [];
    let calls = 0;
    const runner = await k.consume({
      topic: input,
      sessionTimeoutMs: 6000,
      // Heartbeats stop after 1 s without progress: the first call (12 s) gets the member dropped.
      maxStallMs: 1000,
      onCrash: (err) => crashes.push(err),
      handle: async (data) => {
        if (calls++ === 0) await new Promise((r) => setTimeout(r, 12_000));
        return [envelopeMessage(output, 'k', `id${calls}`, { n: data.n })];
      },
    });
    try {
      await produceMessages(k.producer, [envelopeMessage(input, 'k', 'id', { n: 9 })]);
      // The first output was published before its commit was refused; the message is redone.
      await collectMessages(k.kafka, output, (m) => m.length >= 2, 45_000);
      expect(calls).toBe(2);
      expect(crashes).toEqual([]);
      expect(runner.isReady()).toBe(true);
    } finally {
      await runner.stop();
    }
  }, 60_000);
});
