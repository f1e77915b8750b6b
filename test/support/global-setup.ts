import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@faultline/shared/paths';
import { killAll, processesTagged, RUN_ID_ENV } from './run-tag.ts';

// Vitest global setup for the projects that start processes: tags this run (unless
// infra/test.sh did already) so every process a test starts carries FAULTLINE_RUN_ID, and at
// the end kills whatever of this run is still alive and says so. A safety net: tests stop what
// they start themselves (the supervisor kills its process groups; services stop when their
// supervisor is gone), and `npm test` fails when this net catches anything.

let owner = false;

export function setup(): void {
  if (!process.env[RUN_ID_ENV]) {
    process.env[RUN_ID_ENV] = `vt-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
    owner = true;
  }
}

export async function teardown(): Promise<void> {
  const id = process.env[RUN_ID_ENV];
  if (!id) return;
  // Tagged too: our own ancestors (npx, sh -c vitest) and the vitest workers; leave those.
  const ancestors = ancestorsOf(process.pid);
  const mine = () =>
    processesTagged(id).filter(
      (p) => !ancestors.has(p.pid) && !(p.ppid === process.pid && /vitest/.test(p.cmd)),
    );
  let left = mine();
  // Services given SIGTERM by a test's last stop have up to 5 s to exit.
  for (let waited = 0; left.length && waited < 6000; waited += 250) {
    await new Promise((r) => setTimeout(r, 250));
    left = mine();
  }
  if (!left.length) return;
  const killed = killAll(left);
  const text =
    `no-orphans: ${killed.length} process(es) of run ${id} outlived the tests; killed:\n` +
    killed.map((p) => `  ${p.pid} (parent ${p.ppid}) ${p.cmd.slice(0, 160)}\n`).join('');
  process.stderr.write(text);
  // infra/test.sh fails the run when this file exists (the leftovers are gone by then).
  mkdirSync(join(repoRoot, 'test/artifacts'), { recursive: true });
  appendFileSync(join(repoRoot, 'test/artifacts/orphans.txt'), text);
  if (owner) process.exitCode = 1;
}

function ancestorsOf(pid: number): Set<number> {
  const seen = new Set<number>();
  for (let p = pid; p > 1 && !seen.has(p);) {
    seen.add(p);
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'latin1');
      p = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      break;
    }
  }
  return seen;
}
