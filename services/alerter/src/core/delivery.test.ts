import { describe, it, expect } from 'vitest';
import { classifyResponse, parseRetryAfter } from './delivery-outcome.ts';
import { signWebhook, verifyWebhook } from './webhook-signing.ts';
import { buildWebhookEvent } from './webhook-body.ts';
import { buildSlackDigest, buildSlackMessage, escapeMrkdwn } from './slack-blocks.ts';
import { buildAlert } from './build-alert.ts';
import { matchRules } from './match-rules.ts';
import { parseRulesYaml } from './rules-schema.ts';
import { seedItem } from '../fixtures/analyzed-items.ts';
import { createHmac } from 'node:crypto';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const now = new Date('2024-01-01T00:00:00Z');
const parsed = parseRulesYaml(
  'rules:\n  - {id: r, name: "Russia <-> NATO", severity: high, channels: [c], match: {actors: [{a: RUS, b: ORG:NATO}]}}',
);
if (!parsed.ok) throw new Error('rules');
const match = matchRules(seedItem(), parsed.rules)[0]!;
const alert = buildAlert(
  seedItem(),
  match,
  { alertKey: 'a_1', isUpdate: false, reason: 'first' },
  now,
);

describe('webhook signing (Standard Webhooks)', () => {
  it('signs id.timestamp.body with the whsec key and verifies', () => {
    const body = JSON.stringify(buildWebhookEvent('a_1-siem', alert, now));
    const h = signWebhook([SECRET], 'a_1-siem', body, now);
    const key = Buffer.from(SECRET.slice(6), 'base64');
    const expected = createHmac('sha256', key)
      .update(`a_1-siem.${h['webhook-timestamp']}.${body}`)
      .digest('base64');
    expect(h['webhook-signature']).toBe(`v1,${expected}`);
    expect(verifyWebhook(SECRET, h, body, now)).toEqual({ ok: true });
    expect(verifyWebhook(SECRET, h, body + ' ', now)).toMatchObject({ ok: false });
    expect(verifyWebhook(SECRET, h, body, new Date(now.getTime() + 10 * 60_000))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('replay'),
    });
  });

  it('carries several signatures during secret rotation', () => {
    const other = 'whsec_' + Buffer.from('another-secret-of-32-bytes-long!').toString('base64');
    const h = signWebhook([other, SECRET], 'id', '{}', now);
    expect(h['webhook-signature'].split(' ')).toHaveLength(2);
    expect(verifyWebhook(SECRET, h, '{}', now).ok).toBe(true);
  });

  it('puts a schema version and the explanation in the body', () => {
    const event = buildWebhookEvent('a_1-siem', alert, now);
    expect(event).toMatchObject({ schemaVersion: 1, type: 'alert.created', id: 'a_1-siem' });
    expect(event.data.explanation.matched.join(' ')).toContain('RUS->ORG:NATO');
  });
});

describe('Slack Block Kit', () => {
  it('links the headline and shows severity, topics with evidence, actors, feed, time, why', () => {
    const msg = buildSlackMessage(alert);
    const text = JSON.stringify(msg.blocks);
    expect(msg.blocks[0]).toMatchObject({
      type: 'header',
      text: { text: 'HIGH · Russia <-> NATO' },
    });
    expect(text).toContain(
      '<https://www.example-news.com/world/putin-wants-urgent-talks|Soaring tensions',
    );
    expect(text).toContain('security-guarantees');
    expect(text).toContain('> MOSCOW: Russian President Vladimir Putin said Tuesday');
    expect(text).toContain('RUS → ORG:NATO');
    expect(text).toContain('f_seedfeed');
    expect(text).toContain('<!date^1639476000^');
    expect(text).toContain('Why: actors RUS-&gt;ORG:NATO');
    expect(escapeMrkdwn('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
  });

  it('folds many alerts into one digest within Block Kit limits', () => {
    const many = Array.from({ length: 120 }, (_, i) => ({
      ...alert,
      alertKey: `a_${i}`,
      title: `Story ${i}`,
    }));
    const d = buildSlackDigest(many);
    expect(d.blocks.length).toBeLessThanOrEqual(50);
    expect(d.text).toContain('120 alerts');
    for (const b of d.blocks.slice(1, -1)) expect(JSON.stringify(b).length).toBeLessThan(3300);
  });
});

describe('delivery outcome', () => {
  it('classifies receiver answers and honours Retry-After', () => {
    expect(classifyResponse(204, null).kind).toBe('delivered');
    expect(classifyResponse(429, '3')).toEqual({ kind: 'throttled', waitMs: 3000 });
    expect(classifyResponse(500, null).kind).toBe('retry');
    expect(classifyResponse(404, null).kind).toBe('permanent');
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('junk', now, 700)).toBe(700);
  });
});
