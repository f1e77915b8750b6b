// A test run that dies mid-way: starts a stack (cleaner + analyzer + alerter under the
// supervisor), waits until they serve, prints their pids as one JSON line, then kills itself
// in the way given by argv[2]: `kill9` (SIGKILL: no exit handler runs) or `throw` (an uncaught
// exception). Used by test/integration/no-orphans.test.ts, which then checks nothing is left.
import { startStack, waitReady } from '../../services/cli/src/up/stack.ts';

const how = process.argv[2] ?? 'kill9';
const stack = await startStack({
  services: ['cleaner', 'analyzer', 'alerter'],
  logLevel: 'warn',
});
await Promise.all(Object.keys(stack.ports).map((n) => waitReady(stack, n, 90_000)));
process.stdout.write(
  `${JSON.stringify({ pids: stack.supervisor.pids(), topicPrefix: stack.topicPrefix })}\n`,
);
if (how === 'kill9') process.kill(process.pid, 'SIGKILL');
else
  setTimeout(() => {
    throw new Error('crashing on purpose mid-run');
  }, 10);
