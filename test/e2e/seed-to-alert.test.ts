import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, seedPath } from '@faultline/shared/paths';
import { startReceiver, type Receiver } from '../../services/alerter/src/testing/receiver.ts';
import { verifyWebhook } from '../../services/alerter/src/core/webhook-signing.ts';
import { startFeedServer, type FeedServer } from '../support/feed-server.ts';
import { TEST_SECRET, splitSeed, startTestStack, type TestStack } from '../support/stack.ts';
import { collectMessages, testKafka, testLogger, waitFor } from '../support/brokers.ts';

// Issue 7's end-to-end test on the real stack: the seed document served by a local feed server
// -> poller -> cleaner -> analyzer -> alerter -> one Slack Block Kit POST and one signed webhook,
// within a few seconds of the poll; a feed carrying only the seed's junk headline tail alerts
// nobody.

const dir = seedPath();
const seedFile = dir ? readdirSync(dir).find((f) => f.endsWith('.txt')) : undefined;
if (!seedFile) process.stderr.write('seed-to-alert: ../shared/seed absent, skipping\n');

interface SlackBody {
  text?: string;
  blocks?: Array<{ type: string }>;
}
interface WebhookBody {
  schemaVersion: number;
  type: string;
  data: { ruleId: string; itemId: string; title: string; fetchedAt?: string };
}

describe.skipIf(!seedFile)('e2e: seed document to Slack and signed webhook', () => {
  let feeds: FeedServer;
  let receiver: Receiver;
  let ts: TestStack;
  const seed = seedFile ? splitSeed(readFileSync(join(dir!, seedFile), 'utf8')) : null;

  beforeAll(async () => {
    feeds = await startFeedServer();
    feeds.setItems('/seed.xml', []);
    feeds.setItems('/tail.xml', []);
    receiver = await startReceiver({ secret: TEST_SECRET });
    ts = await startTestStack({
      label: 'e2e',
      services: ['poller', 'cleaner', 'analyzer', 'alerter'],
      feeds: [
        { url: feeds.feedUrl('/seed.xml'), name: 'Seed wire', intervalS: 600 },
        { url: feeds.feedUrl('/tail.xml'), name: 'Celebrity wire', intervalS: 600 },
      ],
      rulesFile: join(repoRoot, 'services/alerter/rules.example.yaml'),
      destinations: {
        'ops-slack': { type: 'slack', url: `${receiver.url}/slack` },
        'siem-webhook': { type: 'webhook', url: `${receiver.url}/webhook`, secrets: [TEST_SECRET] },
      },
    });
  }, 120_000);

  afterAll(async () => {
    await ts?.stop();
    await receiver?.close();
    await feeds?.close();
  }, 60_000);

  it('delivers one Slack message and one signed webhook per alert for the seed, none for its tail', async () => {
    feeds.setItems('/tail.xml', [{ guid: 'tail-1', title: seed!.tailTitle, body: seed!.tailBody }]);
    feeds.setItems('/seed.xml', [{ guid: 'seed-1', title: seed!.title, body: seed!.body }]);
    const t0 = Date.now();
    await ts.pollNow(feeds.feedUrl('/tail.xml'));
    await ts.pollNow(feeds.feedUrl('/seed.xml'));

    const slack = () => receiver.log.filter((r) => r.path === '/slack');
    const hooks = () => receiver.log.filter((r) => r.path === '/webhook');
    const nato = () => hooks().filter((r) => (r.json as WebhookBody).data.ruleId === 'watchlist');
    await waitFor(() => slack().length >= 1 && nato().length >= 1, 20_000, 'seed alerts');
    const deliveredMs = Math.max(...[slack()[0]!, nato()[0]!].map((r) => r.at)) - t0;
    // Give duplicates and any alert on the tail the time to show up.
    await new Promise((r) => setTimeout(r, 4000));

    // The seed fires several rules (the watchlist, world-wide military escalation ...): one Slack
    // message per alert, the watchlist's exactly once.
    const natoSlack = slack().filter((r) => r.body.includes('Watchlist flashpoint escalation'));
    expect(natoSlack).toHaveLength(1);
    expect(new Set(slack().map((r) => r.body)).size).toBe(slack().length);
    const slackBody = natoSlack[0]!.json as SlackBody;
    expect(Array.isArray(slackBody.blocks) && slackBody.blocks.length > 0).toBe(true);
    expect(slackBody.blocks!.some((b) => b.type === 'section')).toBe(true);
    expect(natoSlack[0]!.body).toContain('Russia');

    expect(nato()).toHaveLength(1);
    const hook = nato()[0]!;
    const headers = {
      'webhook-id': hook.id ?? undefined,
      'webhook-timestamp': String(Math.floor(hook.at / 1000)),
    };
    expect(hook.id).toBeTruthy();
    expect(receiver.badSignatures).toBe(0);
    const body = hook.json as WebhookBody;
    expect(body.schemaVersion).toBe(1);
    expect(body.type).toBe('alert.created');
    expect(body.data.title).toBe(seed!.title.trim());
    // Every accepted webhook was verified by the receiver; a tampered body must not verify.
    expect(
      verifyWebhook(TEST_SECRET, { ...headers, 'webhook-signature': 'v1,AAAA' }, hook.body).ok,
    ).toBe(false);

    // The tail really went through analysis (so "no alert" is not vacuous) ...
    const kafka = testKafka(testLogger('e2e').log);
    const analyzed = await collectMessages(kafka, ts.names.topics.analyzed, (m) => m.length >= 2);
    const titles = analyzed.map((m) => (JSON.parse(m.value ?? '{}') as WebhookBody).data.title);
    expect(titles).toContain(seed!.tailTitle.trim());
    // ... and produced no alert on any channel.
    const all = [...slack(), ...hooks()].map((r) => r.body);
    expect(all.some((b) => /Meghan|Selena|Bieber|Kardashian/i.test(b))).toBe(false);
    // Every webhook delivery is a distinct alert (no duplicates).
    const ids = hooks().map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);

    process.stdout.write(
      `${JSON.stringify({ e2e: 'seed-to-alert', pollToDeliveredMs: deliveredMs, slack: slack().length, webhooks: hooks().length, webhookRules: hooks().map((r) => (r.json as WebhookBody).data.ruleId) })}\n`,
    );
    expect(deliveredMs).toBeLessThan(15_000);
  }, 60_000);
});
