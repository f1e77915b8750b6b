import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { seedPath, repoRoot } from '@faultline/shared/paths';
import type { RawItem } from '@faultline/shared/schemas';
import { cleanItem } from './clean-item.ts';

const raw = (content: string, contentType: 'html' | 'text', title = ''): RawItem => ({
  itemId: 'i_test',
  feedId: 'f_test',
  feedUrl: 'https://example.com/feed',
  revision: 0,
  title,
  content,
  contentType,
  categories: [],
  publishedAt: '2021-12-14T10:00:00.000Z',
  dateMissing: false,
  fetchedAt: '2021-12-14T10:01:00.000Z',
  tags: [],
});

const seedDir = seedPath();

describe.skipIf(!seedDir)('golden: the seed document', () => {
  const file = seedDir ? readdirSync(seedDir).find((f) => f.endsWith('.txt'))! : '';
  const text = seedDir ? readFileSync(join(seedDir, file), 'utf8') : '';
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const body = lines.slice(1, 7);
  const tail = lines.slice(8);

  it('keeps all six article paragraphs and none of the sixteen tail headlines', () => {
    const result = cleanItem(raw(text, 'text', lines[0]!));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(tail).toHaveLength(16);
    expect(result.value.paragraphs).toEqual(body);
    for (const headline of tail)
      expect(result.value.text).not.toContain(headline.replace(/ -$/, ''));
    expect(result.value.text).not.toContain('Meghan');
    expect(result.value.language.code).toBe('en');
    expect(result.value.lead).toBe(body[0]);
  });

  it('treats the first line as the title when the feed gave none, and still keeps the body', () => {
    const result = cleanItem(raw(text, 'text'));
    if (!result.ok) throw new Error(result.detail);
    for (const p of body) expect(result.value.paragraphs).toContain(p);
    expect(result.value.text).not.toContain('Selena Gomez');
  });
});

describe('input forms and normalisation', () => {
  it('decodes entities, applies NFC, drops zero-width characters, keeps typographic quotes', () => {
    const result = cleanItem(
      raw(
        '<p>Caf\u0065\u0301 &amp; \u201cquotes\u201d \u2014 dash\u200b here,&nbsp;and   spaces. This is a sentence long enough to count.</p>',
        'html',
        'T',
      ),
    );
    if (!result.ok) throw new Error(result.detail);
    expect(result.value.text).toBe(
      'Café & “quotes” — dash here, and spaces. This is a sentence long enough to count.',
    );
  });

  it('extracts the article from a full page fixture and drops navigation, share, caption and related lists', () => {
    const html = readFileSync(join(repoRoot, 'test/fixtures/articles/full-page.html'), 'utf8');
    const result = cleanItem(raw('', 'html', ''), { page: html });
    if (!result.ok) throw new Error(result.detail);
    const v = result.value;
    expect(v.title).toBe('Ministers meet as border tensions rise');
    expect(v.author).toBe('Jane Doe');
    expect(v.paragraphs[0]).toMatch(/^Foreign ministers from both countries/);
    expect(v.text).toContain('“We will not be intimidated,” she said.');
    expect(v.text).toContain('Talks resume on Friday.');
    for (const junk of [
      'Subscribe to our newsletter',
      'Share on Facebook',
      'Most read',
      'Celebrity chef',
      'Photo:',
      'Home',
      'cookies',
    ])
      expect(v.text).not.toContain(junk);
  });

  it('cleans a feed HTML fragment with a trailing related list', () => {
    const result = cleanItem(
      raw(
        '<p>The central bank raised rates by half a point on Tuesday, its third increase this year, citing inflation.</p><p>Markets had expected the move.</p><p>Officials said further increases were possible if prices kept rising.</p><ul><li><a href="/a">Stocks slide</a></li><li><a href="/b">Oil jumps</a></li></ul>',
        'html',
        'Rates up',
      ),
    );
    if (!result.ok) throw new Error(result.detail);
    expect(result.value.paragraphs).toHaveLength(3);
    expect(result.value.text).not.toContain('Stocks slide');
  });

  it('reports an item with neither title nor text as uncleanable', () => {
    const result = cleanItem(raw('<div><script>x()</script></div>', 'html', ''));
    expect(result).toMatchObject({ ok: false, reason: 'empty-text' });
  });
});
