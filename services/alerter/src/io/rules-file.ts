import { readFileSync, watchFile, unwatchFile } from 'node:fs';
import { resolve } from 'node:path';
import type { Logger } from '@faultline/shared/log';
import { parseRulesYaml, unknownChannels, type Rule } from '../core/rules-schema.ts';

// Loads the rules file and reloads it when it changes (stat polling survives editors that
// replace the file). A broken edit is logged with every error and the previous rules stay live;
// a broken file at boot stops the service.

export class RulesError extends Error {
  override readonly name = 'RulesError';
}

export function loadRulesFile(path: string, destinations?: string[]): Rule[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new RulesError(`cannot read rules file ${path}: ${(err as Error).message}`);
  }
  const result = parseRulesYaml(text);
  const errors = result.ok
    ? destinations
      ? unknownChannels(result.rules, destinations)
      : []
    : result.errors;
  if (!result.ok || errors.length)
    throw new RulesError(`invalid rules file ${path}:\n  ${errors.join('\n  ')}`);
  return result.rules;
}

export interface RulesWatcher {
  current(): Rule[];
  close(): void;
}

export function watchRulesFile(
  file: string,
  destinations: string[],
  log: Logger,
  intervalMs = 1000,
  onReload?: (rules: Rule[]) => void,
): RulesWatcher {
  const path = resolve(file);
  // Unknown channels are warned about, not fatal: the service still boots without destinations
  // (alerts to an unknown channel are logged as errors and skipped).
  const warnUnknown = (r: Rule[]) => {
    for (const problem of unknownChannels(r, destinations)) log.warn({ path }, problem);
  };
  let rules = loadRulesFile(path);
  warnUnknown(rules);
  log.info({ path, rules: rules.map((r) => r.id) }, 'rules loaded');
  const listener = () => {
    try {
      rules = loadRulesFile(path);
      warnUnknown(rules);
      log.info({ path, rules: rules.map((r) => r.id) }, 'rules reloaded');
      onReload?.(rules);
    } catch (err) {
      log.error(
        { path, error: (err as Error).message },
        'rules file invalid, keeping previous rules',
      );
    }
  };
  watchFile(path, { interval: intervalMs, persistent: false }, listener);
  return { current: () => rules, close: () => unwatchFile(path, listener) };
}
