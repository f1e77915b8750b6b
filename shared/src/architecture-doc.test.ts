import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOPICS, QUEUES } from './topics.ts';
import * as schemas from './schemas/index.ts';

// docs/architecture.md stays true: every topic, queue, message schema, file and table it names
// exists, and every topic, shared state module and archive table that exists is named there.

const root = join(import.meta.dirname, '..', '..');
const doc = readFileSync(join(root, 'docs/architecture.md'), 'utf8');
/** Every `backticked` word of the page. */
const ticked = [...doc.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
const topics = Object.values(TOPICS) as string[];
const queues = Object.values(QUEUES) as string[];
const migrations = join(root, 'services/archive/migrations');
const tables = readdirSync(migrations)
  .filter((f) => f.endsWith('.sql'))
  .flatMap((f) =>
    [...readFileSync(join(migrations, f), 'utf8').matchAll(/^CREATE TABLE (\w+)/gm)].map(
      (m) => m[1]!,
    ),
  );

describe('docs/architecture.md', () => {
  it('names only topics and queues that exist, and every topic', () => {
    const named = ticked.filter(
      (t) => /^[a-z]+\.[a-z.]+$/.test(t) && !/\.(ts|json|md|cjs)$/.test(t),
    );
    expect(named.filter((t) => !topics.includes(t))).toEqual([]);
    expect(topics.filter((t) => !ticked.includes(t))).toEqual([]);
    const namedQueues = ticked.filter((t) => t.startsWith('deliver-'));
    expect(namedQueues.filter((q) => !queues.includes(q))).toEqual([]);
    const delivery = queues.filter((q) => q.startsWith('deliver-'));
    expect(delivery.filter((q) => !namedQueues.includes(q))).toEqual([]);
  });

  it('names only files that exist', () => {
    // Paths from the repository root (a service's own `src/index.ts` is read in its room's words).
    const files = ticked.filter((t) => /^(shared|services|docs|test|infra)\/[\w./-]+$/.test(t));
    expect(files.length).toBeGreaterThan(10);
    expect(files.filter((f) => !existsSync(join(root, f)))).toEqual([]);
    // A bare module name in a state row ("`feed-record.ts`") is a sibling in shared/src/state.
    const bare = ticked.filter((t) => /^[\w-]+\.ts$/.test(t));
    expect(bare.filter((f) => !existsSync(join(root, 'shared/src/state', f)))).toEqual([]);
  });

  it('names every shared state module', () => {
    const modules = readdirSync(join(root, 'shared/src/state')).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
    );
    const named = new Set(ticked.map((t) => t.split('/').pop()));
    expect(modules.filter((m) => !named.has(m))).toEqual([]);
  });

  it('names the message schemas that exist, and every archive table', () => {
    const messages = [...doc.matchAll(/\b(\w+V1)\b/g)].map((m) => m[1]!);
    expect(messages.length).toBeGreaterThanOrEqual(5);
    expect(messages.filter((m) => !(m in schemas))).toEqual([]);
    expect(tables.length).toBeGreaterThan(5);
    expect(tables.filter((t) => !ticked.includes(t))).toEqual([]);
  });
});
