import { describe, it, expect, afterAll } from 'vitest';
import { startChaosStack, report, type ChaosStack } from '../support/chaos.ts';

// kill -9 a worker mid-batch (the analyzer, then the alerter while it delivers): the
// supervisor restarts it like a container restart policy; uncommitted messages are redelivered
// and every alert still arrives exactly once; no offset is skipped. The killed member keeps its
// partitions until its Kafka session times out (10 s), so delivery waits are generous: on a
// loaded 2-core machine a phase can take most of a minute.
//
// One repeat no sender can avoid: a request the alerter had on the wire when it died. The
// receiver had it, the alerter never saw the answer, so the job runs again and sends it once
// more with the same webhook-id (receivers deduplicate on it: docs/webhooks.md). Such a repeat
// is told apart by its first arrival, within a moment of the kill; any other repeat fails.

const PER_PHASE = 200;
/**
 * How far from the kill the first arrival of a request on the wire can be: the alerter's last
 * answers in flight before it, the in-process receiver's read lag after it.
 */
const ON_WIRE_MS = 2000;

describe('chaos: kill -9 a worker mid-batch', () => {
  let chaos: ChaosStack | undefined;
  afterAll(async () => chaos?.stop(), 60_000);

  it('recovers by itself and delivers every alert exactly once', async () => {
    chaos = await startChaosStack({ label: 'chkill' });
    const c = chaos;
    const victims = (process.env.CHAOS_VICTIMS ?? 'analyzer,alerter').split(',') as Array<
      'analyzer' | 'alerter' | 'cleaner'
    >;
    const killedAt: Partial<Record<string, number>> = {};
    for (const victim of victims) {
      const sending = c.inject(PER_PHASE, 100);
      await new Promise((r) => setTimeout(r, 1200));
      const watch = c.watchReady(victim);
      killedAt[victim] = Date.now();
      const restarted = c.ts.stack.supervisor.restarted(victim);
      expect(c.ts.stack.supervisor.kill(victim, 'SIGKILL')).toBe(true);
      await restarted;
      await watch.waitReadyAgain(45_000);
      const ids = await sending;
      await c.waitDelivered(ids, 90_000);
      const seen = watch.stop(killedAt[victim]!);
      expect(seen.sawNotReady).toBe(true);
      report({
        scenario: 'kill-9',
        victim,
        recoveryMs: seen.readyAgainAtMs,
        notReadyAtMs: seen.notReadyAtMs,
      });
    }
    await new Promise((r) => setTimeout(r, 1500));
    const gaps = await c.offsetGaps();
    const [clean, analyzed] = [await c.topicCount('clean'), await c.topicCount('analyzed')];
    const attempts = [...c.sink.receiver.attempts.values()].reduce((a, b) => a + b, 0);
    const alerterKilledAt = killedAt.alerter ?? NaN;
    const onWireAtKill = c.sink.repeats.filter(
      (r) => r.sameWebhookId && Math.abs(r.firstAt - alerterKilledAt) <= ON_WIRE_MS,
    );
    report({
      scenario: 'kill-9',
      items: PER_PHASE * victims.length,
      delivered: c.sink.delivered(),
      duplicates: c.sink.duplicates(),
      onWireAtKillRepeats: onWireAtKill.length,
      redeliveredToAnalyzed: analyzed - PER_PHASE * victims.length,
      redeliveredToClean: clean - PER_PHASE * victims.length,
      webhookAttempts: attempts,
      offsetGaps: gaps,
    });
    expect(c.sink.delivered()).toBe(PER_PHASE * victims.length);
    expect(c.sink.repeats).toEqual(onWireAtKill);
    expect(c.sink.duplicates()).toBe(onWireAtKill.length);
    expect(gaps).toEqual({ cleaner: 0, analyzer: 0, alerter: 0 });
  }, 240_000);
});
