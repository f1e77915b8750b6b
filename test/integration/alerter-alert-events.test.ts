import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Producer } from 'kafkajs';
import { connectProducer } from '@faultline/shared/kafka';
import { AlertEventMessage, parseMessage } from '@faultline/shared/schemas';
import { createAlertEventSink } from '../../services/alerter/src/io/alert-events.ts';
import {
  collectMessages,
  createTopics,
  deleteTopics,
  testKafka,
  testLogger,
  uniqueName,
} from '../support/brokers.ts';

// What the alerter publishes for the archive reaches the `alerts` topic as valid v1 envelopes,
// keyed by alert key, with the alert key as the alert event's id.

const { log } = testLogger('alert-events');
const kafka = testKafka(log);
const topic = `${uniqueName('ae')}.alerts`;
let producer: Producer;

beforeAll(async () => {
  await createTopics(kafka, [topic]);
  producer = await connectProducer(kafka);
});
afterAll(async () => {
  await producer?.disconnect();
  await deleteTopics(kafka, [topic]);
});

it('publishes alerts and delivery outcomes as AlertEventMessage v1', async () => {
  const sink = createAlertEventSink({ topic, log, intervalMs: 20 });
  sink.attach(producer);
  const at = new Date().toISOString();
  sink.publish({
    kind: 'delivery',
    alertKey: 'a_1',
    destination: 'ops',
    outcome: 'delivered',
    attempt: 1,
    status: 200,
    at,
  });
  sink.publish({
    kind: 'delivery',
    alertKey: 'a_1',
    destination: 'ops',
    outcome: 'retry',
    attempt: 2,
    error: 'receiver answered 503',
    at,
  });
  await sink.close(5000);
  const messages = await collectMessages(kafka, topic, (m) => m.length >= 2);
  for (const m of messages) {
    expect(m.key).toBe('a_1');
    const parsed = parseMessage(AlertEventMessage, m.value);
    expect(parsed.ok).toBe(true);
  }
});
