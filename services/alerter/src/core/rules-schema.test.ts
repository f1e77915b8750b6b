import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseDuration, parseRulesYaml, unknownChannels } from './rules-schema.ts';

const EXAMPLE = new URL('../../rules.example.yaml', import.meta.url);

describe('rules file', () => {
  it('parses the shipped example rules', () => {
    const r = parseRulesYaml(readFileSync(EXAMPLE, 'utf8'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rules.map((x) => x.id)).toContain('watchlist');
    expect(r.rules[0]!.cooldown).toBe(6 * 3_600_000);
    expect(r.rules[0]!.digest?.window).toBe(600_000);
  });

  it('names the rule and the key in every error', () => {
    const r = parseRulesYaml(`
rules:
  - id: bad-one
    channels: [x]
    cooldown: soon
    match: { topics: { any: [a], minScore: 2 } }
  - channels: [x]
    match: { minScore: 0.2, colour: red }
  - id: empty
    channels: [x]
    match: { languages: [en] }
`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.errors.join('\n');
    expect(text).toContain('rule "bad-one" cooldown: expected a duration');
    expect(text).toContain('rule "bad-one" match.topics.minScore');
    expect(text).toMatch(/rule #2 id: /);
    expect(text).toMatch(/rule #2 match: Unrecognized key.*colour/);
    expect(text).toContain('rule "empty" match: needs at least one of');
  });

  it('rejects duplicate ids, bad YAML and unknown channels', () => {
    const dup = parseRulesYaml(
      'rules:\n  - {id: a, channels: [x], match: {minScore: 0.1}}\n  - {id: a, channels: [x], match: {minScore: 0.1}}',
    );
    expect(dup.ok ? [] : dup.errors).toEqual(['rule "a" id: duplicate rule id']);
    expect(parseRulesYaml('rules: [').ok).toBe(false);
    expect(parseRulesYaml('nope: 1')).toEqual({
      ok: false,
      errors: ['expected a mapping with a `rules:` list'],
    });
    const ok = parseRulesYaml('rules:\n  - {id: a, channels: [x, y], match: {minScore: 0.1}}');
    expect(ok.ok && unknownChannels(ok.rules, ['x'])).toEqual(['rule "a" channels: unknown "y"']);
  });

  it('refuses a deeply nested rules file at load instead of aborting the process', () => {
    // 10 KB of `[` used to overflow yaml's recursive composer, and V8 then aborted the whole
    // alerter ("RegExpCompiler Allocation failed") rather than throwing.
    const r = parseRulesYaml(`rules: ${'['.repeat(10_240)}`);
    expect(r).toEqual({
      ok: false,
      errors: ['not valid YAML: document nests deeper than 64 levels'],
    });
  });

  it('parses durations', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('7d')).toBe(7 * 86_400_000);
    expect(parseDuration(5)).toBe(5000);
    expect(parseDuration('7 weeks')).toBeNull();
  });
});
