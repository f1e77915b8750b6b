import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/faultline.js', import.meta.url));
const run = (...args: string[]) =>
  promisify(execFile)(process.execPath, [bin, ...args]).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

describe('faultline CLI', () => {
  it('answers a mistyped option with a one-line error and exit code 2, not a stack trace', async () => {
    const { code, stderr } = await run('eval', 'clean', '--tails');
    expect(code).toBe(2);
    expect(stderr.trim()).toBe("faultline eval clean: Option '--tails <value>' argument missing");
  }, 30_000);

  it('lists the commands for an unknown one', async () => {
    const { code, stdout, stderr } = await run('frobnicate');
    expect(code).toBe(2);
    expect(stderr).toContain('unknown command: frobnicate');
    expect(stdout).toContain('eval clean');
  }, 30_000); // loads every command module: seconds on a busy machine

  it("answers --help with a command's options (bench pipeline --help was an error)", async () => {
    const { code, stdout } = await run('bench', 'pipeline', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('--rate <value>');
    expect(stdout).toContain('-h, --help');
  }, 30_000);
});
