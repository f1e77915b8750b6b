import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '@faultline/shared/paths';

// A command that needs a broker and finds none says so in one line naming the address and the
// fix, within seconds, and exits non-zero: no JSON error per retry, no stack trace.

const bin = `${repoRoot}/services/cli/bin/faultline.js`;
const env = { ...process.env, KAFKA_BROKERS: '127.0.0.1:1', REDIS_URL: 'redis://127.0.0.1:2' };
const KAFKA = 'no Kafka at 127.0.0.1:1: run `npm start`, or set KAFKA_BROKERS';
const REDIS = 'no Redis at 127.0.0.1:2: run `npm start`, or set REDIS_URL';

async function run(args: string[]) {
  const t0 = Date.now();
  const r = await promisify(execFile)(process.execPath, [bin, ...args], {
    env,
    timeout: 30_000,
  }).then(
    (x) => ({ code: 0, stdout: x.stdout, stderr: x.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
  return { ...r, ms: Date.now() - t0 };
}

// [command words, its arguments, what it says]
const cases: Array<[string, string[], string[]]> = [
  ['bench pipeline', ['--rate', '10', '--duration', '2'], [KAFKA, REDIS]],
  ['bench deliver', [], [REDIS]],
  ['topics', [], [KAFKA]],
  ['status', [], [KAFKA, REDIS]],
  ['feeds', ['ls'], [REDIS]],
  ['dlq', ['ls'], [REDIS]],
  ['mute', ['ls'], [REDIS]],
  ['rules backtest', ['--rules', 'x.yaml', '--since', '1d'], [KAFKA]],
];

describe('commands fail fast, in words, without brokers', () => {
  for (const [words, args, lines] of cases)
    it(`faultline ${words}`, async () => {
      const r = await run([...words.split(' '), ...args]);
      expect(r.stderr.trim()).toBe(`faultline ${words}: ${lines.join('\n')}`);
      expect(r.code).toBe(3);
      expect(r.ms).toBeLessThan(10_000);
      expect(r.stdout).toBe('');
    }, 40_000);
});
