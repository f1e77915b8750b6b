import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '@faultline/shared/log';
import { watchRulesFile, loadRulesFile } from './rules-file.ts';

const rule = (id: string) => `rules:\n  - {id: ${id}, channels: [c], match: {minScore: 0.1}}\n`;

describe('rules file hot reload', () => {
  it('picks up edits, keeps the previous rules when an edit is invalid, and says why', async () => {
    const lines: string[] = [];
    const log = createLogger({
      service: 't',
      level: 'debug',
      destination: new Writable({ write: (c, _e, cb) => void (lines.push(String(c)), cb()) }),
    });
    const file = join(mkdtempSync(join(tmpdir(), 'rules-')), 'rules.yaml');
    writeFileSync(file, rule('first'));
    const watcher = watchRulesFile(file, ['c'], log, 20);
    const waitFor = async (ok: () => boolean) => {
      for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 20));
    };
    try {
      expect(watcher.current().map((r) => r.id)).toEqual(['first']);
      await new Promise((r) => setTimeout(r, 50));
      writeFileSync(file, rule('second-rule'));
      await waitFor(() => watcher.current()[0]?.id === 'second-rule');
      expect(watcher.current().map((r) => r.id)).toEqual(['second-rule']);
      writeFileSync(file, 'rules:\n  - {id: broken, channels: [c], match: {minScore: 7}}\n');
      await waitFor(() => lines.some((l) => l.includes('keeping previous rules')));
      expect(watcher.current().map((r) => r.id)).toEqual(['second-rule']);
      expect(lines.join('')).toContain('rule \\"broken\\" match.minScore');
    } finally {
      watcher.close();
    }
    expect(() => loadRulesFile(join(tmpdir(), 'nope.yaml'))).toThrow(/cannot read rules file/);
  });
});
