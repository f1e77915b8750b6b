import { describe, it, expect } from 'vitest';
import { matchRules } from './match-rules.ts';
import { findMute } from './mutes.ts';
import { Mute } from '@faultline/shared/state/mute-record';
import { parseRulesYaml, type Rule } from './rules-schema.ts';
import { seedItem } from '../fixtures/analyzed-items.ts';

// Watchlists cannot be fooled by homoglyphs, and rule/mute terms cannot smuggle patterns or
// invisible characters (issue 20).

function rules(yaml: string): Rule[] {
  const r = parseRulesYaml(yaml);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.rules;
}
const one = (match: string) => rules(`rules:\n  - id: r\n    channels: [c]\n    match: ${match}\n`);

describe('homoglyphs against rules and mutes', () => {
  it('a keyword matches text written with look-alike letters', () => {
    const item = { ...seedItem(), title: 'Sanctions on \u0420utin allies', text: 'More to come.' };
    expect(matchRules(item, one('{ keywords: { any: [putin] } }'))).toHaveLength(1);
    const zw = { ...seedItem(), title: 'Pu\u200dtin speaks', text: '' };
    expect(matchRules(zw, one('{ keywords: { any: [putin] } }'))).toHaveLength(1);
  });
  it('an entity rule by name and an entity mute match a homoglyph name', () => {
    const item = seedItem();
    const entity = { ...item.entities[0]!, id: null, name: '\u039d\u0391\u03a4\u039f' };
    const fake = { ...item, entities: [entity] };
    expect(matchRules(fake, one('{ entities: { any: [NATO] } }'))).toHaveLength(1);
    const mute = Mute.parse({
      kind: 'entity',
      value: 'nato',
      until: '2999-01-01T00:00:00Z',
      createdAt: '2024-01-01T00:00:00Z',
    });
    expect(findMute('r', fake, [mute], new Date())).toBe(mute);
  });
  it('refuses regex bombs and invisible characters at load, naming the key', () => {
    const bomb = parseRulesYaml(
      'rules:\n  - id: r\n    channels: [c]\n    match: { keywords: { any: [ok, "(a+)+$"] } }\n',
    );
    expect(bomb).toEqual({
      ok: false,
      errors: [
        expect.stringMatching(/^rule "r" match\.keywords\.any\.1: .*not regular expressions/),
      ],
    });
    const hidden = parseRulesYaml(
      'rules:\n  - id: r\n    channels: [c]\n    match: { entities: { any: ["Pu\\u200dtin"] } }\n',
    );
    expect(hidden.ok || hidden.errors[0]).toMatch(/match\.entities\.any\.0: .*invisible/);
    const long = parseRulesYaml(
      `rules:\n  - id: r\n    channels: [c]\n    match: { keywords: { any: [${'a'.repeat(5000)}] } }\n`,
    );
    expect(long.ok).toBe(false);
    const mute = Mute.safeParse({
      kind: 'entity',
      value: 'Pu\u202etin',
      until: '2999-01-01T00:00:00Z',
      createdAt: '2024-01-01T00:00:00Z',
    });
    expect(mute.success || mute.error.issues[0]?.path).toEqual(['value']);
  });
});
