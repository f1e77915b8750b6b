import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@faultline/shared/config';
import {
  RawItemMessage,
  parseMessage,
  type CleanItem,
  type RawItem,
} from '@faultline/shared/schemas';
import { parseFeed, verifySignature } from '@faultline/poller';
import { cleanItem, detectLanguage } from '@faultline/cleaner';
import { loadKnowledgeBase, loadTensionModel, analyze } from '@faultline/analyzer';
import { parseRulesYaml } from '@faultline/alerter';
import { DashboardConfig, checkCredentials, readCookie } from '@faultline/dashboard';
import { toBytes, toText, type Dialect, type Payload } from './hostile-shapes.ts';

// Every parser entry point a hostile input can reach, called exactly as the service calls its
// pure core. `run` must not throw (a throw is a crash), except the error types a service turns
// into a refusal by design (`expected`: a bad config stops boot with ConfigError).

export interface EntryPoint {
  name: string;
  dialect: Dialect;
  run(input: Payload): unknown;
  expected?: (err: unknown) => boolean;
  /** Loads what the service loads at start (models), outside any input's time budget. */
  prepare?(): void;
}

let models:
  | { kb: ReturnType<typeof loadKnowledgeBase>; tension: ReturnType<typeof loadTensionModel> }
  | undefined;
const loadModels = () => (models ??= { kb: loadKnowledgeBase(), tension: loadTensionModel() });

const NOW = '2024-01-01T00:00:00.000Z';
function rawItem(content: string, contentType: 'html' | 'text'): RawItem {
  return {
    itemId: 'i1',
    feedId: 'f1',
    feedUrl: 'https://ex.org/feed',
    revision: 0,
    title: content.slice(0, 300),
    content,
    contentType,
    categories: [],
    publishedAt: NOW,
    dateMissing: false,
    fetchedAt: NOW,
    tags: [],
  };
}

function cleanOf(text: string): CleanItem {
  return {
    itemId: 'i1',
    feedId: 'f1',
    revision: 0,
    title: text.slice(0, 300),
    paragraphs: text.split('\n\n'),
    text,
    publishedAt: NOW,
    language: { code: 'en', confidence: 1 },
    contentHash: 'h',
    storyId: 's',
    firstInStory: true,
    sources: [],
    tags: [],
    fetchedAt: NOW,
    cleanedAt: NOW,
  };
}

let configDir: string | undefined;
process.once('exit', () => configDir && rmSync(configDir, { recursive: true, force: true }));

export const ENTRY_POINTS: EntryPoint[] = [
  {
    name: 'feed (decode + parse)',
    dialect: 'xml',
    run: (input) =>
      parseFeed(
        toBytes(input),
        { 'content-type': 'application/rss+xml; charset=ISO-8859-1' },
        'https://ex.org/f',
      ),
  },
  {
    name: 'json feed',
    dialect: 'json',
    run: (input) =>
      parseFeed(toBytes(input), { 'content-type': 'application/feed+json' }, 'https://ex.org/f'),
  },
  {
    name: 'html extraction + cleaning',
    dialect: 'html',
    run: (input) => {
      const html = toText(input);
      cleanItem(rawItem(html, 'html'));
      return cleanItem(rawItem('summary', 'text'), { page: html });
    },
  },
  { name: 'language detection', dialect: 'text', run: (input) => detectLanguage(toText(input)) },
  {
    name: 'analysis',
    dialect: 'text',
    prepare: () => void loadModels(),
    run: (input) => {
      const { kb, tension } = loadModels();
      return analyze(cleanOf(toText(input)), kb, tension, new Date(NOW));
    },
  },
  { name: 'rules yaml', dialect: 'yaml', run: (input) => parseRulesYaml(toText(input)) },
  {
    name: 'config yaml',
    dialect: 'yaml',
    run: (input) => {
      configDir ??= mkdtempSync(join(tmpdir(), 'faultline-fuzz-'));
      const file = join(configDir, 'faultline.yaml');
      writeFileSync(file, toBytes(input));
      return loadConfig(DashboardConfig, { file, env: {} });
    },
    expected: (err) => err instanceof ConfigError,
  },
  {
    name: 'api + webhook request',
    dialect: 'header',
    run: (input) => {
      const value = toText(input);
      const body = toBytes(input);
      // What the dashboard reads off a request, and what the WebSub callback checks.
      new URLSearchParams(value).get('token');
      try {
        new URL(value, 'http://dashboard').searchParams.get('token');
      } catch {
        // an unparsable path is a 404, not a crash
      }
      checkCredentials(
        { token: 'fuzz-token' },
        {
          authorization: value,
          queryToken: value,
          cookieToken: readCookie(value, 'faultline_session'),
        },
      );
      verifySignature(`sha256=${value}`, body, 'secret');
      return parseMessage(RawItemMessage, body);
    },
  },
];
