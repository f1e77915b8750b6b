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
  });

  it('lists the commands for an unknown one', async () => {
    const { code, stdout, stderr } = await run('frobnicate');
    expect(code).toBe(2);
    expect(stderr).toContain('unknown command: frobnicate');
    expect(stdout).toContain('eval clean');
  });
});
