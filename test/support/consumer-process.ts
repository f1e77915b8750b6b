// A consumer in its own process, for tests that kill it: it joins `GROUP` on `TOPIC`, prints
// "got <n>" for each message and then hangs inside the handler, never committing.
import { z } from 'zod';
import { connectProducer, runConsumer } from '@faultline/shared/kafka';
import { envelope } from '@faultline/shared/schemas';
import { testKafka, testLogger } from './brokers.ts';

const { log } = testLogger('victim');
const kafka = testKafka(log);
const producer = await connectProducer(kafka);
await runConsumer({
  kafka,
  producer,
  groupId: process.env.GROUP!,
  topic: process.env.TOPIC!,
  schema: envelope(1, z.object({ n: z.number() })),
  stage: 'victim',
  log,
  sessionTimeoutMs: 6000,
  handle: async (data) => {
    process.stdout.write(`got ${data.n}\n`);
    await new Promise(() => undefined);
    return [];
  },
});
process.stdout.write('ready\n');
