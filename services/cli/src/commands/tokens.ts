import { parseArgs } from 'node:util';
import type { ParseArgsOptions } from '../cli-help.ts';
import { BaseConfig, loadConfig } from '@faultline/shared/config';
import { createRedis } from '@faultline/shared/queue';
import { createTokenStore, publicRecord, Role } from '@faultline/shared/state/api-tokens';
import { cliAudit, cliUser } from '@faultline/shared/state/audit-log';

export const summary =
  'per-user API tokens with roles (viewer, operator, admin): tokens add <user> --role R | tokens ls [--json] | tokens revoke <id>';

/** Its options (also what `--help` lists). */
export const options = {
  role: { type: 'string' },
  note: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsOptions;

export const usage = `usage:
  faultline tokens add <user> --role viewer|operator|admin [--note "..."] [--json]
  faultline tokens ls [--json]
  faultline tokens revoke <id>

Roles: viewer reads the dashboard and its API; operator also pauses feeds, replays dead letters
and sets mutes; admin also manages tokens. The token is printed once, when it is issued: only its
SHA-256 is stored (Redis, <prefix>auth:tokens). The shared dashboard.token keeps working as an
admin. Every add and revoke is written to the audit log as <login>@cli (FAULTLINE_USER to name
someone else).
Exit codes: 0 done, 1 no such active token (revoke), 2 bad usage, 3 no Redis.`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options });
  const [sub, arg] = positionals;
  if (values.help || !sub) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  if (!['add', 'ls', 'revoke'].includes(sub) || (sub !== 'ls' && !arg)) {
    console.error(usage);
    return 2;
  }
  const role = Role.safeParse(values.role);
  if (sub === 'add' && !role.success) {
    console.error('--role is required: viewer, operator or admin');
    return 2;
  }
  const config = loadConfig(BaseConfig);
  const prefix = config.redis.keyPrefix;
  const redis = createRedis(config.redis.url, { name: 'faultline-tokens' });
  const tokens = createTokenStore(redis, prefix);
  const audit = cliAudit(redis, prefix);
  const who = cliUser();
  try {
    if (sub === 'ls') {
      const list = (await tokens.list()).map(publicRecord);
      if (values.json) console.log(JSON.stringify({ tokens: list }));
      else if (!list.length)
        console.log('no tokens (the shared dashboard.token, if set, is an admin)');
      else
        for (const t of list)
          console.log(
            `${t.id}  ${t.role.padEnd(8)}  ${t.user.padEnd(20)}  created ${t.createdAt.slice(0, 16)} by ${t.createdBy}` +
              (t.revokedAt ? `  REVOKED ${t.revokedAt.slice(0, 16)} by ${t.revokedBy}` : ''),
          );
      return 0;
    }
    if (sub === 'add' && role.success) {
      const { token, record } = await tokens.add({
        user: arg!,
        role: role.data,
        by: who,
        ...(values.note ? { note: values.note } : {}),
      });
      await audit('token.add', record.id, true, `${record.user} as ${record.role}`);
      if (values.json) console.log(JSON.stringify({ token, ...publicRecord(record) }));
      else {
        console.log(token);
        console.error(
          `token ${record.id} for ${record.user} (${record.role}): shown once, store it now`,
        );
      }
      return 0;
    }
    const ok = await tokens.revoke(arg!, who);
    await audit('token.revoke', arg!, ok);
    if (!ok) {
      console.error(`no active token ${arg}`);
      return 1;
    }
    console.log(JSON.stringify({ revoked: arg }));
    return 0;
  } finally {
    await redis.quit();
  }
}
