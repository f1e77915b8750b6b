import { describe, it, expect } from 'vitest';
import { MAX_DEPTH, measureMarkup, splitSections, stripNoise } from './markup-budget.ts';
import { parseFeed } from './parse-feed.ts';

const HEAD =
  '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>x</title><description>';

describe('measureMarkup', () => {
  it('measures depth the way a tree builder closing by name sees it', () => {
    expect(measureMarkup('<a><b><c/></b><d>x</d></a>').depth).toBe(2);
    expect(measureMarkup('<a><b><c></a><d>').depth).toBe(3);
    expect(measureMarkup('<a><!-- <b><c><d> --><![CDATA[<e><f>]]><?pi <g>?></a>').depth).toBe(1);
    expect(measureMarkup('<a>'.repeat(MAX_DEPTH + 1)).tooDeep).toBe(true);
    // Close tags that match nothing do not pop anything (htmlparser2 ignores them too).
    expect(measureMarkup('<a></b>'.repeat(MAX_DEPTH + 1)).tooDeep).toBe(true);
    expect(measureMarkup('<a>x</a>'.repeat(100_000)).tooDeep).toBe(false);
  });
  it('strips comments and PIs, an unterminated one to the end', () => {
    expect(stripNoise('a<!-- x -->b<?p y?>c<!DOCTYPE r>d', true)).toBe('abcd');
    expect(stripNoise('a<!-- x')).toBe('a');
    expect(stripNoise('<!--'.repeat(50_000) + '<rss>')).toBe('');
  });
  it('splits CDATA and comment sections linearly', () => {
    expect(splitSections('a<![CDATA[b]]>c<!--d-->e')).toEqual([
      'a',
      '<![CDATA[b]]>',
      'c',
      '<!--d-->',
      'e',
    ]);
    expect(splitSections('a<![CDATA[b')).toEqual(['a<![CDATA[b']);
  });
});

describe('parseFeed on hostile markup', () => {
  it('refuses 100k nested unclosed elements (it took 5.4 s and overflowed the repair stack)', async () => {
    const r = await parseFeed(Buffer.from(HEAD + '<a>'.repeat(100_000)), {}, 'https://ex.org/f');
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/nested more than 256/) });
  });
  it.each([
    ['unclosed comments', '<!--'],
    ['unclosed processing instructions', '<?x'],
    ['unclosed CDATA', '<![CDATA['],
    ['tags without >', '<a '],
  ])('reads a feed full of %s without rescanning the rest of it', async (_name, token) => {
    const body = HEAD + token.repeat(Math.ceil(200_000 / token.length));
    const r = await parseFeed(Buffer.from(body), {}, 'https://ex.org/f');
    expect(typeof r.ok).toBe('boolean');
  });
  it('renames many namespace prefixes in one pass', async () => {
    const decls = Array.from(
      { length: 2000 },
      (_, i) => ` xmlns:p${i}="http://www.w3.org/2005/Atom"`,
    );
    const body = `<p0:feed${decls.join('')}><p1:title>T</p1:title><p2:entry><p3:title>E</p3:title><p3:id>i</p3:id></p2:entry></p0:feed>`;
    const r = await parseFeed(Buffer.from(body), {}, 'https://ex.org/f');
    expect(r.ok && r.feed.entries[0]?.title).toBe('E');
  });
});
