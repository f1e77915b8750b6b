import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder holding the workspaces' package.json). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * A folder of the third-party development data kept beside the repo (`../shared/data/<name>`),
 * or null when it is absent: callers skip with a clear message rather than fail.
 */
export function sharedDataPath(...parts: string[]): string | null {
  const path = resolve(repoRoot, '..', 'shared', 'data', ...parts);
  return existsSync(path) ? path : null;
}

/** The seed document the product was specified from (`../shared/seed/`), or null when absent. */
export function seedPath(): string | null {
  const dir = resolve(repoRoot, '..', 'shared', 'seed');
  return existsSync(dir) ? dir : null;
}
