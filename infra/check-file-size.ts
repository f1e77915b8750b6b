// The house rule "files at most ~300 lines, split by responsibility", checked by `npm run lint`
// (and so by CI): every tracked source file (TypeScript, JavaScript, shell) of at most
// MAX_LINES lines, unless it is
//   - a data or generated file, saying so with `@data` or `@generated` in a comment in its
//     first lines (a table typed by hand, a file a script writes), or
//   - on EXEMPT below, each with the reason and who is splitting it. The list is meant to
//     shrink to nothing: a file leaves it the day it is split (a listed file under the limit,
//     or gone, is named in a warning; it does not fail the check, so that another helper's
//     split lands without editing this file).
// Stylesheets, HTML, SQL migrations and data formats (JSON, YAML) are not counted.
//
//   npx tsx infra/check-file-size.ts     prints each offender and exits 1, else one line
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const MAX_LINES = 300;
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs|sh)$/;
const MARKER = /@(data|generated)\b/;
/** How far into a file the marker is looked for. */
const MARKER_LINES = 10;
const SELF = 'infra/check-file-size.ts';

/** Files over the limit that are being split: path -> why it is still long. Keep it short. */
const EXEMPT: Record<string, string> = {};

export interface Offender {
  file: string;
  lines: number;
  problem: string;
  /** A stale EXEMPT entry: warned about, not failed on. */
  warning?: true;
}

export function lineCount(text: string): number {
  if (text === '') return 0;
  const n = text.split('\n').length;
  return text.endsWith('\n') ? n - 1 : n;
}

export function checkFiles(
  files: string[],
  read: (file: string) => string,
  exempt: Record<string, string> = EXEMPT,
): Offender[] {
  const offenders: Offender[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    if (!SOURCE.test(file)) continue;
    seen.add(file);
    const text = read(file);
    const lines = lineCount(text);
    const marked = MARKER.test(text.split('\n', MARKER_LINES).join('\n'));
    if (lines <= MAX_LINES) {
      if (file in exempt)
        offenders.push({
          file,
          lines,
          problem: 'is under the limit: take it off EXEMPT',
          warning: true,
        });
      continue;
    }
    if (marked || file in exempt) continue;
    offenders.push({ file, lines, problem: `has more than ${MAX_LINES} lines: split it` });
  }
  for (const file of Object.keys(exempt))
    if (!seen.has(file))
      offenders.push({ file, lines: 0, problem: 'is gone: take it off EXEMPT', warning: true });
  return offenders;
}

/** The file's text, or null for a tracked file deleted in the working tree. */
function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function main(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  // Tracked files and untracked ones git does not ignore, as they are in the working tree.
  const texts = new Map<string, string>();
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  });
  for (const file of listed.split('\n')) {
    const text = file && SOURCE.test(file) ? readOrNull(join(root, file)) : null;
    if (text !== null) texts.set(file, text);
  }
  const offenders = checkFiles([...texts.keys()], (f) => texts.get(f) ?? '');
  for (const o of offenders)
    console.error(
      `${o.warning ? 'warning: ' : ''}${o.file}${o.lines ? ` (${o.lines} lines)` : ''} ${o.problem}`,
    );
  const failed = offenders.filter((o) => !o.warning);
  if (failed.length) {
    console.error(`${failed.length} file(s) break the ${MAX_LINES}-line rule (${SELF})`);
    process.exit(1);
  }
  const exempt = Object.keys(EXEMPT).length;
  console.log(
    `file sizes: ${texts.size} source files, none over ${MAX_LINES} lines but ${exempt} on EXEMPT and those marked @data/@generated`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
