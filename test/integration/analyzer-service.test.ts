import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kafka, Producer } from 'kafkajs';
import { connectProducer, envelopeMessage, produceMessages } from '@faultline/shared/kafka';
import { createRedis } from '@faultline/shared/queue';
import { seedPath } from '@faultline/shared/paths';
import { AnalyzedItemMessage, type CleanItem } from '@faultline/shared/schemas';
import { dlqTopic, DLQ_HEADERS, groupsFor, topicsFor } from '@faultline/shared/topics';
import {
  collectMessages,
  createTopics,
  deleteTopics,
  KAFKA_BROKERS,
  REDIS_URL,
  testKafka,
  testLogger,
  uniqueName,
  waitFor,
} from '../support/brokers.ts';

// The analyzer service process (services/analyzer/src/main.ts, as deployed) on its own topic
// prefix and Redis key prefix: the seed article as a CleanItem on <prefix>news.clean comes out
// on <prefix>news.analyzed with high tension; a malformed message lands in <prefix>news.clean.dlq.

const seed = seedPath();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function seedItem(title: string, text: string): CleanItem {
  const at = '2021-12-21T10:00:00.000Z';
  return {
    itemId: 'i_seed',
    feedId: 'f_seed',
    revision: 0,
    title,
    paragraphs: text.split('\n'),
    text,
    publishedAt: at,
    language: { code: 'en', confidence: 1 },
    contentHash: 'h_seed',
    storyId: 's_seed',
    firstInStory: true,
    sources: [{ feedId: 'f_seed', itemId: 'i_seed', domain: 'seed.example' }],
    tags: [],
    fetchedAt: at,
    cleanedAt: at,
  };
}

describe.skipIf(!seed)('analyzer service process on its own topics and Redis prefix', () => {
  const { log } = testLogger('analyzer-service-test');
  const topicPrefix = `${uniqueName('t-analyzer')}.`;
  const keyPrefix = `${uniqueName('test-analyzer')}:`;
  const topics = topicsFor(topicPrefix);
  const all = [topics.clean, topics.analyzed, topics.tensionEvents, dlqTopic(topics.clean)];
  const dir = mkdtempSync(join(tmpdir(), 'faultline-analyzer-'));
  let kafka: Kafka;
  let producer: Producer;
  let child: ChildProcess | undefined;
  let output = '';
  let port = 0;

  beforeAll(async () => {
    kafka = testKafka(log);
    producer = await connectProducer(kafka);
    await createTopics(kafka, all);
    port = await freePort();
    const config = join(dir, 'faultline.yaml');
    writeFileSync(
      config,
      JSON.stringify({
        kafka: { brokers: KAFKA_BROKERS, topicPrefix },
        redis: { url: REDIS_URL, keyPrefix },
        ports: { analyzer: port },
        log: { level: 'warn' },
        analyzer: { watchModels: false },
      }),
    );
    child = spawn(process.execPath, ['--import', 'tsx', 'services/analyzer/src/main.ts'], {
      env: { ...process.env, FAULTLINE_CONFIG: config },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (output += String(d)));
    child.stderr!.on('data', (d) => (output += String(d)));
    await waitFor(
      async () => {
        if (child?.exitCode !== null) throw new Error(`analyzer exited:\n${output}`);
        const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null);
        return res?.status === 200;
      },
      45_000,
      'analyzer /readyz',
    );
  }, 60_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await producer?.disconnect();
    await deleteTopics(kafka, all);
    const redis = createRedis(REDIS_URL);
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    rmSync(dir, { recursive: true, force: true });
  });

  it('analyses the seed article to high tension and dead-letters a malformed message', async () => {
    const lines = readFileSync(join(seed!, '000_519d632c54f5375e.txt'), 'utf8').split('\n');
    const item = seedItem(lines[0]!, lines.slice(1, 7).join('\n'));
    await produceMessages(producer, [envelopeMessage(topics.clean, item.storyId, 'm1', item)]);
    await produceMessages(producer, [
      { topic: topics.clean, key: 'junk', value: '{"v":1,"not":"a clean item"}' } as never,
    ]);

    const out = await collectMessages(kafka, topics.analyzed, (m) => m.length >= 1, 30_000);
    const analyzed = AnalyzedItemMessage.parse(JSON.parse(out[0]!.value!)).data;
    expect(analyzed.itemId).toBe('i_seed');
    expect(analyzed.tension.level).toBe('high');
    const pairs = analyzed.tension.dyads.map((d) => [d.source, d.target].sort().join('-'));
    expect(pairs).toContain('ORG:NATO-RUS');
    expect(analyzed.entities.some((e) => e.id === 'RUS' || e.country === 'RUS')).toBe(true);

    const dead = await collectMessages(kafka, dlqTopic(topics.clean), (m) => m.length >= 1);
    expect(dead[0]!.headers[DLQ_HEADERS.sourceTopic]).toBe(topics.clean);
    expect(dead[0]!.headers[DLQ_HEADERS.reason]).toBeTruthy();
    // The service used the configured consumer group, not the shared one.
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { groups } = await admin.listGroups();
      expect(groups.map((g) => g.groupId)).toContain(groupsFor(topicPrefix).analyzer);
    } finally {
      await admin.disconnect();
    }
  }, 60_000);

  it('reads a Russian item natively and flags an unsupported language, counting both', async () => {
    const ru = {
      ...seedItem(
        'Россия нанесла массированный ракетный удар по Киеву',
        'Ночью российская армия атаковала Украину ракетами и дронами.',
      ),
      itemId: 'i_ru',
      storyId: 's_ru',
      language: { code: 'ru', confidence: 0.98 },
    };
    const nl = {
      ...seedItem('Rusland valt Kiev aan', 'Russische troepen vielen Oekraïne aan.'),
      itemId: 'i_nl',
      storyId: 's_nl',
      language: { code: 'nl', confidence: 0.9 },
    };
    await produceMessages(producer, [
      envelopeMessage(topics.clean, ru.storyId, 'm-ru', ru),
      envelopeMessage(topics.clean, nl.storyId, 'm-nl', nl),
    ]);
    const ids = (m: Array<{ value: string | null }>) =>
      m.map((x) => AnalyzedItemMessage.parse(JSON.parse(String(x.value))).data);
    const out = await collectMessages(
      kafka,
      topics.analyzed,
      (m) => ids(m).filter((x) => x.itemId === 'i_ru' || x.itemId === 'i_nl').length >= 2,
      30_000,
    );
    const byId = new Map(ids(out).map((x) => [x.itemId, x]));
    const r = byId.get('i_ru')!;
    expect(r.analysis).toEqual({ language: 'ru', mode: 'native' });
    expect(r.tension.dyads[0]).toMatchObject({ source: 'RUS', target: 'UKR' });
    expect(r.gist).toMatch(/^RUS -> UKR: /);
    const n = byId.get('i_nl')!;
    expect(n.analysis?.mode).toBe('not-analysed');
    expect(n.entities).toEqual([]);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(
      /faultline_analyzer_items_by_language_total\{[^}]*language="nl"[^}]*mode="not-analysed"[^}]*\} 1/,
    );
  }, 60_000);
});
