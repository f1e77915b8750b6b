import { readFileSync, readdirSync } from 'node:fs';

// Finds the processes of one test run: `npm test` (infra/test.sh) and the vitest global setup
// tag every process they start with FAULTLINE_RUN_ID=<id>, which every child inherits whatever
// process group or parent it ends up with, so a leftover is found by scanning /proc/*/environ.

export const RUN_ID_ENV = 'FAULTLINE_RUN_ID';

export interface TaggedProcess {
  pid: number;
  ppid: number;
  cmd: string;
}

/** Live processes whose environment holds `name=value` (Linux /proc; none elsewhere). */
export function processesTagged(value: string, name = RUN_ID_ENV): TaggedProcess[] {
  const needle = `${name}=${value}`;
  const found: TaggedProcess[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    try {
      const env = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
      if (!env.includes(needle)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      // pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue; // exited, not reaped
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ').trim();
      found.push({ pid, ppid, cmd });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

/** SIGKILLs the given processes; returns those that were still there. */
export function killAll(list: TaggedProcess[]): TaggedProcess[] {
  return list.filter((p) => {
    try {
      process.kill(p.pid, 'SIGKILL');
      return true;
    } catch {
      return false;
    }
  });
}
