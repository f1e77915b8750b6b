import { parseArgs } from 'node:util';
import type { ParseArgsOptions } from '../cli-help.ts';
import type { ConnectionOptions } from 'bullmq';
import { loadConfig } from '@faultline/shared/config';
import { cliAudit } from '@faultline/shared/state/audit-log';
import {
  createRedis,
  dropDeadLetters,
  listDeadLetters,
  replayDeadLetters,
} from '@faultline/shared/queue';
import { AlerterConfig } from '@faultline/alerter';

export const summary =
  'dead-lettered deliveries: dlq ls|replay|drop [--queue slack|webhook|notify|<name>] [--id <jobId>...]';

/** Its options (also what `--help` lists). */
export const options = {
  queue: { type: 'string', multiple: true },
  id: { type: 'string', multiple: true },
  limit: { type: 'string', default: '100' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsOptions;

export const usage = `usage: faultline dlq ls|replay|drop [--queue slack|webhook|notify|<queue>] [--id <jobId>]... [--limit N]
  ls       list dead letters (JSON, one object)
  replay   put them back on their queue under the same job id (all, or --id ones)
  drop     delete them without delivering`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options,
  });
  const action = positionals[0];
  if (values.help || !action || !['ls', 'replay', 'drop'].includes(action)) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const config = loadConfig(AlerterConfig);
  const named = config.alerter.queues as Record<string, string>;
  const queues = (values.queue ?? ['slack', 'webhook', 'notify']).map((q) => named[q] ?? q);
  const redis = createRedis(config.redis.url, { forBullmq: true, name: 'faultline-dlq' });
  const connection = redis as unknown as ConnectionOptions;
  try {
    const out: Record<string, unknown> = {};
    for (const queue of queues) {
      if (action === 'ls') {
        const letters = await listDeadLetters(queue, connection, Number(values.limit));
        out[queue] = letters.map((d) => ({
          jobId: d.jobId,
          reason: d.reason,
          attemptsMade: d.attemptsMade,
          failedAt: d.failedAt,
          ...(typeof d.data === 'object' && d.data && 'alert' in d.data
            ? summarize(d.data as { alert: Record<string, unknown>; destination?: string })
            : {}),
        }));
      } else if (action === 'replay') {
        out[queue] = {
          replayed: await replayDeadLetters(queue, connection, {
            ...(values.id ? { jobIds: values.id } : {}),
            attempts: config.alerter.delivery.attempts,
            backoffMs: config.alerter.delivery.backoffMs,
          }),
        };
      } else {
        out[queue] = { dropped: await dropDeadLetters(queue, connection, values.id) };
      }
    }
    if (action !== 'ls') {
      const audit = cliAudit(redis, config.redis.keyPrefix);
      for (const [queue, result] of Object.entries(out)) {
        const v = Object.values(result as Record<string, unknown>)[0];
        const n = Array.isArray(v) ? v.length : Number(v ?? 0);
        await audit(
          `dlq.${action}`,
          values.id?.length ? `${queue}: ${values.id.join(', ')}` : `${queue}: all`,
          n > 0,
          `${n} ${action === 'replay' ? 'replayed' : 'dropped'}`,
        );
      }
    }
    console.log(JSON.stringify(out, null, 2));
    return 0;
  } finally {
    await redis.quit();
  }
}

function summarize(data: { alert: Record<string, unknown>; destination?: string }) {
  const { alertKey, ruleId, storyId, title } = data.alert;
  return { destination: data.destination, alertKey, ruleId, storyId, title };
}
