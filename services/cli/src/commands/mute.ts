import { parseArgs } from 'node:util';
import type { ParseArgsOptions } from '../cli-help.ts';
import { loadConfig } from '@faultline/shared/config';
import { createRedis } from '@faultline/shared/queue';
import { Mute, mutesKey, listMutes, removeMute, setMute } from '@faultline/shared/state/mutes';
import { AlerterConfig, parseDuration } from '@faultline/alerter';
import { cliAudit } from '@faultline/shared/state/audit-log';

export const summary =
  'silence alerts: mute rule|entity|feed <value> --for 2h [--reason ..] | mute ls | mute rm <kind> <value>';

/** Its options (also what `--help` lists). */
export const options = {
  for: { type: 'string' },
  reason: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsOptions;

export const usage = `usage:
  faultline mute rule <ruleId> --for 2h [--reason "..."]
  faultline mute entity <id or name> --for 1d      e.g. ORG:NATO, "Vladimir Putin"
  faultline mute feed <feedId> --for 30m
  faultline mute ls
  faultline mute rm <rule|entity|feed> <value>`;

const KINDS = Mute.shape.kind.options;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options,
  });
  const [first, second, third] = positionals;
  if (values.help || !first) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const config = loadConfig(AlerterConfig);
  const key = mutesKey(config.alerter.redisPrefix);
  const redis = createRedis(config.redis.url, { name: 'faultline-mute' });
  const audit = cliAudit(redis, config.redis.keyPrefix);
  try {
    if (first === 'ls') {
      console.log(JSON.stringify({ mutes: await listMutes(redis, key) }, null, 2));
      return 0;
    }
    if (first === 'rm') {
      const kind = KINDS.find((k) => k === second);
      if (!kind || !third) return badUsage();
      const removed = await removeMute(redis, key, kind, third);
      await audit('mute.rm', `${kind}:${third}`, removed);
      console.log(JSON.stringify({ removed }));
      return 0;
    }
    const kind = KINDS.find((k) => k === first);
    const ms = values.for ? parseDuration(values.for) : null;
    if (!kind || !second) return badUsage();
    if (ms === null || ms <= 0) {
      console.error('--for is required: a duration like 30m, 2h or 7d');
      return 2;
    }
    const now = new Date();
    const mute = Mute.parse({
      kind,
      value: second,
      until: new Date(now.getTime() + ms).toISOString(),
      createdAt: now.toISOString(),
      ...(values.reason ? { reason: values.reason } : {}),
    });
    await setMute(redis, key, mute);
    await audit('mute.add', `${kind}:${second}`, true, `until ${mute.until}`);
    console.log(JSON.stringify({ muted: mute }));
    return 0;
  } finally {
    await redis.quit();
  }
}

function badUsage(): number {
  console.error(usage);
  return 2;
}
