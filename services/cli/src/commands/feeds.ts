import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { readFeedFile, formatFeeds } from './feeds-files.ts';
import { join, resolve } from 'node:path';
import { repoRoot } from '@faultline/shared/paths';
import type { ParseArgsOptions } from '../cli-help.ts';
import { loadConfig } from '@faultline/shared/config';
import { createRedis } from '@faultline/shared/queue';
import { feedIdFor } from '@faultline/shared/ids';
import { formatIssues } from '@faultline/shared/schemas';
import { cliAudit } from '@faultline/shared/state/audit-log';
import {
  PollerConfig,
  FeedEntryConfig,
  toFeedDef,
  authFromFlags,
  authHeader,
  discoverFeed,
  discoveryFetcher,
  type Discovery,
} from '@faultline/poller';
import { closeAgents, redactUrl } from '@faultline/shared/net';
import { FeedStore } from '@faultline/shared/state/feed-registry';

export const summary =
  'manage feeds at run time: feeds add <url|site> [--name --tags a,b --region r --interval s --bearer env:X] | import starter|<file.opml|list.yaml> | export [--format opml|yaml] | ls [--json] | pause|resume|rm <id|url>';

export const usage = `usage:
  faultline feeds add <url> [--name N] [--tags a,b] [--region R] [--interval S] [--language L]
        [--full-text] [--bearer env:NAME | --basic USER:env:NAME] [--exact]
        <url> may be a site: its feed is found from <link rel="alternate"> or a well-known path
        (/feed, /rss.xml, /atom.xml, /index.xml...); --exact registers the URL unchecked.
        Logins name an environment variable the poller reads when fetching (never stored).
  faultline feeds import starter|<file.opml>|<list.yaml>
        starter: config/feeds.starter.yaml; OPML from any reader (folders and categories become
        tags); feeds already registered keep their state
  faultline feeds export [--format opml|yaml] [--out file]   (default OPML 2.0 on stdout)
  faultline feeds ls [--json]
  faultline feeds pause|resume|rm <id|url> [--reason R]`;

/** Its options (also what `--help` lists). */
export const options = {
  name: { type: 'string' },
  tags: { type: 'string' },
  interval: { type: 'string' },
  language: { type: 'string' },
  'full-text': { type: 'boolean' },
  json: { type: 'boolean' },
  reason: { type: 'string' },
  format: { type: 'string' },
  region: { type: 'string' },
  bearer: { type: 'string' },
  basic: { type: 'string' },
  exact: { type: 'boolean' },
  out: { type: 'string' },
} satisfies ParseArgsOptions;

// State lives in Redis (the same registry the pollers read), so changes apply to every replica.

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options,
  });
  const config = loadConfig(PollerConfig);
  const redis = createRedis(config.redis.url, { name: 'faultline-cli-feeds' });
  const store = new FeedStore(redis, config.poller.keyPrefix);
  // Every change to the registry is audited, as the dashboard's feed actions are.
  const audit = cliAudit(redis, config.redis.keyPrefix);
  try {
    switch (sub) {
      case 'add': {
        const tags = values.tags
          ? values.tags
              .split(',')
              .map((t) => t.trim())
              .filter(Boolean)
          : [];
        if (values.region) tags.push(`region:${values.region.trim()}`);
        const auth = authFromFlags(values.bearer, values.basic);
        const entry = FeedEntryConfig.safeParse({
          url: positionals[0],
          ...(values.name ? { name: values.name } : {}),
          tags,
          ...(values.interval ? { intervalS: Number(values.interval) } : {}),
          ...(values.language ? { language: values.language } : {}),
          ...(values['full-text'] ? { fullText: true } : {}),
          ...(auth ? { auth } : {}),
        });
        if (!entry.success) {
          console.error(`feeds add: ${formatIssues(entry.error)}`);
          return 2;
        }
        let found: Discovery | undefined;
        if (!values.exact) {
          const login = entry.data.auth ? authHeader(entry.data.auth) : undefined;
          if (login && !login.ok) {
            console.error(
              `feeds add: ${login.error} (or give --exact to register without a check)`,
            );
            return 1;
          }
          found = await discoverFeed(
            entry.data.url,
            discoveryFetcher(config.poller, login?.ok ? { authorization: login.value } : {}),
          );
          if (!found.ok) {
            console.error(
              `feeds add: ${found.error}\n  tried: ${found.tried.join(', ')}\n  give --exact to register the URL as it is`,
            );
            return 1;
          }
          if (found.url !== entry.data.url) entry.data.url = found.url;
          if (!entry.data.name && found.title) entry.data.name = found.title;
        }
        const def = toFeedDef(entry.data, 'cli', config.poller.defaultIntervalS);
        await store.upsert(def);
        await audit('feeds.add', def.id, true, redactUrl(def.url));
        console.log(
          JSON.stringify({
            added: def.id,
            url: def.url,
            intervalS: def.intervalS,
            ...(found?.ok ? { found: found.via, ...(def.name ? { name: def.name } : {}) } : {}),
          }),
        );
        return 0;
      }
      case 'import': {
        const source = positionals[0];
        if (!source) {
          console.error('feeds import: give `starter`, an OPML file or a feed list (YAML)');
          return 2;
        }
        const file =
          source === 'starter' ? join(repoRoot, 'config', 'feeds.starter.yaml') : resolve(source);
        const read = readFeedFile(file, source === 'starter');
        if (!read.ok) {
          console.error(`feeds import: ${read.error}`);
          return read.code;
        }
        // Spread first polls over a minute so an import does not fetch every feed at once.
        const spreadMs = 60_000 / Math.max(1, read.entries.length);
        let added = 0;
        for (const [i, entry] of read.entries.entries()) {
          const def = toFeedDef(entry, 'cli', config.poller.defaultIntervalS);
          if (await store.get(def.id)) continue;
          await store.upsert(def, Date.now() + Math.round(i * spreadMs));
          added++;
        }
        const total = read.entries.length;
        await audit('feeds.import', file, true, `${added} added, ${total - added} already present`);
        for (const s of read.skipped)
          console.error(`feeds import: skipped ${JSON.stringify(s.outline)}: ${s.why}`);
        console.log(
          JSON.stringify({
            imported: added,
            alreadyPresent: total - added,
            ...(read.skipped.length ? { skipped: read.skipped.length } : {}),
            format: read.format,
            file,
          }),
        );
        return 0;
      }
      case 'export': {
        const format = values.format ?? 'opml';
        if (format !== 'opml' && format !== 'yaml') {
          console.error(`feeds export: --format is opml or yaml, not ${format}`);
          return 2;
        }
        const defs = (await store.list()).map((c) => c.def);
        const text = formatFeeds(defs, format);
        if (values.out) {
          writeFileSync(values.out, text);
          console.error(`feeds export: ${defs.length} feed(s) written to ${values.out}`);
        } else process.stdout.write(text);
        return 0;
      }
      case 'ls':
      case undefined: {
        const feeds = (await store.list()).sort((a, b) => a.def.url.localeCompare(b.def.url));
        if (values.json) {
          console.log(JSON.stringify(feeds));
          return 0;
        }
        for (const { def, state } of feeds) {
          const health = state.paused
            ? `PAUSED (${state.pauseReason ?? ''})`
            : state.consecutiveFailures
              ? `FAILING x${state.consecutiveFailures}: ${state.lastError ?? ''}`
              : `${state.lastOutcome ?? 'not polled yet'}${state.encodingNote ? ` (charset: ${state.encodingNote})` : ''}`;
          console.log(
            [
              def.id,
              def.name ?? '-',
              def.url,
              `every ${state.currentIntervalS ?? def.intervalS}s`,
              `last ${state.lastFetchAt ?? 'never'} HTTP ${state.lastStatus ?? '-'}`,
              `items ${state.totalItems}`,
              health,
            ].join('  |  '),
          );
        }
        console.log(`${feeds.length} feed(s)`);
        return 0;
      }
      case 'pause':
      case 'resume':
      case 'rm': {
        const target = positionals[0];
        if (!target) {
          console.error(`feeds ${sub}: give a feed id or URL`);
          return 2;
        }
        const id = /^https?:\/\//.test(target) ? feedIdFor(target) : target;
        const found = await store.get(id);
        if (!found) {
          console.error(`feeds ${sub}: no feed ${target}`);
          return 1;
        }
        if (sub === 'rm') await store.remove(id);
        else await store.setPaused(id, sub === 'pause', values.reason ?? 'paused by an operator');
        await audit(`feeds.${sub}`, id, true, redactUrl(found.def.url));
        console.log(JSON.stringify({ [sub]: id, url: found.def.url }));
        return 0;
      }
      default:
        console.error(`unknown: feeds ${sub}\n${summary}`);
        return 2;
    }
  } finally {
    redis.disconnect();
    await closeAgents();
  }
}
