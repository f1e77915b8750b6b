import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseYamlBounded, YamlLimitError } from './yaml.ts';

describe('parseYamlBounded', () => {
  it('parses what people write, as yaml does', () => {
    const text = [
      'rules:',
      '  - id: russia-nato',
      '    channels: [slack, "ops"]',
      '    match:',
      '      actors:',
      '        - { a: [RUS], b: [NATO, { x: [1, [2]] }] }',
      '      keywords:',
      '        any:',
      '          - - troops',
      '            - ? key',
      '              : value',
      'very-long-key-name: 1',
      'k: |',
      '  a block',
      '    scalar [[[[',
      "q: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['",
    ].join('\n');
    expect(parseYamlBounded(text)).toEqual(parse(text));
  });

  it('accepts many siblings and a wide document', () => {
    const text = Array.from(
      { length: 5000 },
      (_, i) => `${'k'.repeat(1 + (i % 40))}${i}: [${i}]`,
    ).join('\n');
    expect(Object.keys(parseYamlBounded(text) as object)).toHaveLength(5000);
  });

  it('refuses deep flow nesting before composing it (a stack overflow can abort V8)', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(() => parseYamlBounded(deep)).toThrow(YamlLimitError);
    expect(() => parseYamlBounded(deep)).toThrow(/deeper than 64/);
    expect(parseYamlBounded('['.repeat(60) + ']'.repeat(60))).toBeInstanceOf(Array);
  });

  it('refuses deep block nesting, indented or inline', () => {
    const inline = '- '.repeat(10_000) + 'x';
    expect(() => parseYamlBounded(inline)).toThrow(YamlLimitError);
    const indented = Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    expect(() => parseYamlBounded(indented)).toThrow(YamlLimitError);
    const fine = Array.from({ length: 30 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n');
    expect(parseYamlBounded(fine)).toHaveProperty('k0');
  });

  it('refuses a document over the size limit, and keeps yaml alias caps', () => {
    expect(() => parseYamlBounded('a: 1\n'.repeat(10), { maxChars: 20 })).toThrow(
      /over the limit of 20/,
    );
    const laughs = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++)
      laughs.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    expect(() => parseYamlBounded(laughs.join('\n'))).toThrow(/alias/i);
  });
});
