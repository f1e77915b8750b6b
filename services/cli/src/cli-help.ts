import type { ParseArgsConfig } from 'node:util';

// `faultline <command> --help`: the command's summary, its usage line when it has one, and every
// option it accepts (from the same object its parseArgs reads, so the list cannot drift).

export type ParseArgsOptions = NonNullable<ParseArgsConfig['options']>;

export interface CommandHelp {
  summary: string;
  usage?: string;
  options?: ParseArgsOptions;
}

export function formatHelp(words: string, mod: CommandHelp): string {
  const lines = [`faultline ${words}: ${mod.summary}`, ''];
  lines.push(mod.usage ? mod.usage.trim() : `usage: faultline ${words} [options]`, '');
  lines.push('options:');
  const rows: Array<[string, string]> = [];
  for (const [name, o] of Object.entries(mod.options ?? {})) {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ' <value>' : ''}`;
    const notes = [
      o.multiple ? 'repeatable' : '',
      o.default !== undefined && o.default !== false ? `default ${JSON.stringify(o.default)}` : '',
    ].filter(Boolean);
    if (name !== 'help') rows.push([flag, notes.join(', ')]);
  }
  rows.push(['-h, --help', 'this help']);
  const width = Math.max(...rows.map(([f]) => f.length)) + 2;
  for (const [f, n] of rows) lines.push(`  ${f.padEnd(width)}${n}`.trimEnd());
  return lines.join('\n');
}
