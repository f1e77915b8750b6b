import type { ParseArgsOptions } from '../cli-help.ts';
import { BaseConfig, loadConfig } from '@faultline/shared/config';
import { createKafka, ensureTopics, pipelineTopics } from '@faultline/shared/kafka';
import { createLogger } from '@faultline/shared/log';

export const summary =
  'create the pipeline topics and their dead-letter topics (partitions, retention from config)';

/** It takes no options (`--help` says so). */
export const options = {} satisfies ParseArgsOptions;

export async function run(_args: string[]): Promise<number> {
  const config = loadConfig(BaseConfig);
  const log = createLogger({ service: 'topics', level: 'warn' });
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'faultline-topics', log });
  const specs = pipelineTopics(config.kafka);
  const created = await ensureTopics(kafka, specs);
  for (const s of specs)
    console.log(
      `${created.includes(s.topic) ? 'created' : 'exists '}  ${s.topic} (${s.numPartitions} partitions, retention ${Math.round(s.retentionMs / 3600_000)} h)`,
    );
  return 0;
}
