import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { formatHelp, type CommandHelp } from './cli-help.ts';
import { checkNeeds, commandNeeds } from './preflight.ts';

// `faultline <command> [subcommand] [options]`. Each command is one file in ./commands, named
// by its words: `eval-feeds.ts` is `faultline eval feeds`, `doctor.ts` is `faultline doctor`.
// A command module exports `summary` (one line), `options` (its parseArgs options, listed by
// `--help`), optionally `usage`, and `run(args): Promise<number>` (exit code).

export interface Command extends CommandHelp {
  summary: string;
  run(args: string[]): Promise<number>;
}

const commandsDir = join(dirname(fileURLToPath(import.meta.url)), 'commands');

function available(): string[] {
  return readdirSync(commandsDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

async function usage(): Promise<void> {
  const lines = ['usage: faultline <command> [options]', '', 'commands:'];
  for (const name of available()) {
    const mod = (await import(join(commandsDir, `${name}.ts`))) as Command;
    lines.push(`  ${name.replaceAll('-', ' ').padEnd(22)} ${mod.summary}`);
  }
  console.log(lines.join('\n'));
}

async function main(argv: string[]): Promise<number> {
  const names = available();
  // Longest match first: `eval feeds --suite x` -> eval-feeds.ts
  for (let n = Math.min(3, argv.length); n >= 1; n--) {
    const name = argv.slice(0, n).join('-');
    if (names.includes(name)) {
      const rest = argv.slice(n);
      const words = argv.slice(0, n).join(' ');
      const help = rest.includes('--help') || rest.includes('-h');
      // Brokers first (fast, in words), then load the command.
      const missing = help ? null : await checkNeeds(commandNeeds(name, rest));
      if (missing) {
        console.error(`faultline ${words}: ${missing}`);
        return 3;
      }
      const mod = (await import(join(commandsDir, `${name}.ts`))) as Command;
      if (help) {
        console.log(formatHelp(words, mod));
        return 0;
      }
      try {
        return await mod.run(rest);
      } catch (error) {
        // A mistyped option is the user's error, not a crash: say what is wrong, no stack.
        const code = (error as { code?: unknown }).code;
        if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) throw error;
        console.error(`faultline ${argv.slice(0, n).join(' ')}: ${(error as Error).message}`);
        return 2;
      }
    }
  }
  if (argv.length && argv[0] !== 'help' && argv[0] !== '--help')
    console.error(`unknown command: ${argv.join(' ')}\n`);
  await usage();
  return argv.length && argv[0] !== 'help' && argv[0] !== '--help' ? 2 : 0;
}

process.exitCode = await main(process.argv.slice(2));
