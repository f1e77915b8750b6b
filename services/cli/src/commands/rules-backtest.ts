import { parseArgs } from 'node:util';
import type { ParseArgsOptions } from '../cli-help.ts';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '@faultline/shared/config';
import { createKafka } from '@faultline/shared/kafka';
import { createLogger } from '@faultline/shared/log';
import { AnalyzedItemMessage, AnalyzedItemV1, type AnalyzedItem } from '@faultline/shared/schemas';
import { AlerterConfig, parseDuration, createBacktest, loadRulesFile } from '@faultline/alerter';

export const summary =
  'replay analyzed items through watch rules without sending: rules backtest --rules <file> [--since 7d | --file analyzed.jsonl | --from archive --since 90d]';

/** Its options (also what `--help` lists). */
export const options = {
  rules: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  from: { type: 'string', default: 'kafka' },
  file: { type: 'string' },
  stories: { type: 'string', default: '20' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsOptions;

export const usage = `usage: faultline rules backtest --rules <file> [--since 7d | --file analyzed.jsonl | --from archive --since 90d [--until T]] [--stories N]
  --since   replay news.analyzed from Kafka (throwaway consumer group), items newer than this
  --from archive
            replay the PostgreSQL archive instead (archive.databaseUrl / DATABASE_URL), oldest
            first, items filed since --since (a span like 90d, or a date) and before --until;
            reaches back as far as archive.retentionDays, not Kafka's retention
  --file    replay a JSONL file of AnalyzedItems (bare, or in their { v, id, producedAt, data } envelope)
Prints one JSON object: per rule, alerts (once per story), updates, folded, suppressed,
naiveAlerts (one per matching item, the alternative) and the stories alerted on.`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options,
  });
  if (values.help || !values.rules || (!values.since && !values.file)) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  if (values.from !== 'kafka' && values.from !== 'archive') {
    console.error(`--from: expected kafka or archive, got ${values.from}`);
    return 2;
  }
  if (values.from === 'archive' && (values.file || !values.since)) {
    console.error('--from archive takes --since (and optionally --until), not --file');
    return 2;
  }
  const rules = loadRulesFile(values.rules);
  const backtest = createBacktest(rules);
  let invalid = 0;
  let source = values.file ?? `kafka news.analyzed since ${values.since}`;
  const started = performance.now();
  if (values.file) {
    const lines = createInterface({ input: createReadStream(values.file), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line.trim()) continue;
      const item = parseItem(line);
      if (item) backtest.add(item);
      else invalid++;
    }
  } else if (values.from === 'archive') {
    const r = await replayArchive(values.since!, values.until, (item) => backtest.add(item));
    if (typeof r === 'number') return r;
    source = r.source;
  } else {
    const sinceMs = parseDuration(values.since!);
    if (sinceMs === null) {
      console.error(`--since: expected a duration like 24h or 7d, got ${values.since}`);
      return 2;
    }
    try {
      invalid = await replayKafka(Date.now() - sinceMs, (item) => backtest.add(item));
    } catch (err) {
      console.error(`rules backtest: ${(err as Error).message}`);
      return 1;
    }
  }
  const report = backtest.finish(Number(values.stories));
  console.log(
    JSON.stringify({
      source,
      ...report,
      invalid,
      ms: Math.round(performance.now() - started),
    }),
  );
  return 0;
}

/** Replays the archive's items filed in [since, until); an exit code when it cannot. */
async function replayArchive(
  since: string,
  until: string | undefined,
  add: (item: AnalyzedItem) => void,
): Promise<{ source: string } | number> {
  // Loaded on use: the Kafka backtest must not load the database client.
  const { ArchiveConfig, createPool, parseTime, replayArchivedItems } =
    await import('@faultline/archive');
  const from = parseTime(since);
  const to = until === undefined ? undefined : parseTime(until);
  if (!from || to === null) {
    console.error(
      `--${!from ? 'since' : 'until'}: expected a span like 90d or a date, got ${!from ? since : until}`,
    );
    return 2;
  }
  const config = loadConfig(ArchiveConfig);
  const where = config.archive.databaseUrl.replace(/\/\/[^@]*@/, '//');
  const pool = createPool(config.archive.databaseUrl, { max: 4, name: 'faultline-backtest' });
  try {
    for await (const item of replayArchivedItems(pool, { since: from, until: to })) add(item);
  } catch (err) {
    console.error(
      `rules backtest: the archive at ${where} did not answer: ${(err as Error).message}`,
    );
    return 1;
  } finally {
    await pool.end();
  }
  return {
    source: `archive ${where} since ${from.toISOString()}${to ? ` until ${to.toISOString()}` : ''}`,
  };
}

function parseItem(line: string): AnalyzedItem | null {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return null;
  }
  const wrapped = AnalyzedItemMessage.safeParse(json);
  if (wrapped.success) return wrapped.data.data;
  const bare = AnalyzedItemV1.safeParse(json);
  return bare.success ? bare.data : null;
}

/** Reads the analyzed topic from the start with a throwaway group until caught up. */
async function replayKafka(sinceMs: number, add: (item: AnalyzedItem) => void): Promise<number> {
  const config = loadConfig(AlerterConfig);
  const log = createLogger({ service: 'backtest', level: 'warn', destination: process.stderr });
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'faultline-backtest', log });
  const topic = config.alerter.topics.analyzed;
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<number, bigint>();
  try {
    if (!(await admin.listTopics()).includes(topic))
      throw new Error(`topic ${topic} does not exist (is the pipeline up? see faultline topics)`);
    for (const p of await admin.fetchTopicOffsets(topic))
      if (BigInt(p.high) > BigInt(p.low)) ends.set(p.partition, BigInt(p.high));
  } finally {
    await admin.disconnect();
  }
  let invalid = 0;
  if (!ends.size) return 0;
  const groupId = `faultline-backtest-${randomBytes(4).toString('hex')}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            if (Number(message.timestamp) >= sinceMs) {
              const parsed = AnalyzedItemMessage.safeParse(
                message.value ? JSON.parse(message.value.toString()) : null,
              );
              if (parsed.success) add(parsed.data.data);
              else invalid++;
            }
            const end = ends.get(partition);
            if (end !== undefined && BigInt(message.offset) + 1n >= end) ends.delete(partition);
            if (!ends.size) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
    const cleanup = kafka.admin();
    await cleanup.connect();
    await cleanup.deleteGroups([groupId]).catch(() => undefined);
    await cleanup.disconnect();
  }
  return invalid;
}
