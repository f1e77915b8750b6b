import { describe, expect, it } from 'vitest';
import { extractArticle } from './extract-article.ts';

const prose = (n: number) =>
  `Paragraph ${n} of the story explains at some length what happened, who said what to whom and why it matters for the region this week.`;
const page = (body: string) =>
  `<html><head><title>T</title><script>var x = "<p>not text</p>";</script></head><body>
  <nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
  ${body}
  <footer><p>Copyright 2024 Example News. All rights reserved.</p></footer></body></html>`;

describe('extractArticle', () => {
  it('keeps the short lines that open the article before its first prose paragraph', () => {
    const { paragraphs } = extractArticle(
      page(`<article><h2>What changed</h2><ul><li>New rules</li><li>Lower fees</li></ul>
        <p>${prose(1)}</p><p>${prose(2)}</p></article>`),
    );
    expect(paragraphs).toEqual(['What changed', 'New rules', 'Lower fees', prose(1), prose(2)]);
  });

  it('keeps link lines that sit inside an article paragraph', () => {
    const { paragraphs } = extractArticle(
      page(`<article><p>${prose(1)}</p><p>1) A board game<br><a href="https://x.example/1">https://x.example/1</a><br>
        2) A puzzle<br><a href="https://x.example/2">https://x.example/2</a></p><p>${prose(2)}</p></article>`),
    );
    expect(paragraphs).toContain('https://x.example/1');
    expect(paragraphs).toContain('https://x.example/2');
  });

  it('keeps a schedule made only of short lines, tiny cells included', () => {
    const rows = [
      'Round 1: 10 March – Interlagos',
      'Round 2: 8 April – Curitiba',
      'Round 3: 22 April – Velopark',
    ];
    const { paragraphs } = extractArticle(
      page(`<div class="content"><h3>Calendar 2018</h3>${rows.map((r) => `<p>${r}</p>`).join('')}
        <table><tr><td>Wins</td><td>5</td></tr></table></div>`),
    );
    expect(paragraphs).toEqual(expect.arrayContaining([...rows, 'Wins', '5']));
  });

  it('drops a run of teasers (linked headline, summary cut off by an ellipsis) inside the container', () => {
    const teaser = (n: number) =>
      `<li><a href="/s/${n}">Headline number ${n} about another story</a> CITY: A summary of story ${n} that the site cut off after a few words and more words...</li>`;
    const { paragraphs } = extractArticle(
      page(`<div class="main"><ul>${[1, 2, 3, 4].map(teaser).join('')}</ul>
        <p>${prose(1)}</p><p>${prose(2)} A <a href="/x">linked aside</a> ends in dots...</p></div>`),
    );
    expect(paragraphs.join('\n')).not.toContain('Headline number');
    expect(paragraphs[0]).toBe(prose(1));
    expect(paragraphs[1]).toContain('linked aside');
  });

  it('keeps an embedded post quoted inside the article', () => {
    const { paragraphs } = extractArticle(
      page(
        `<article><p>${prose(1)}</p><div class="social-embed"><blockquote class="twitter-tweet"><p>We will be back stronger. <a href="https://t.co/x">pic.twitter.com/x</a></p>— Club (@club) <a href="https://twitter.com/club/status/1">November 20, 2019</a></blockquote></div><p>${prose(2)}</p></article>`,
      ),
    );
    expect(paragraphs).toContain('— Club (@club) November 20, 2019');
    expect(paragraphs.some((p) => p.startsWith('We will be back stronger.'))).toBe(true);
  });

  it('drops picture-credit captions and never reads script text', () => {
    const { paragraphs } = extractArticle(
      page(
        `<article><p>${prose(1)}</p><div>Protesters gathered downtown (Image: Getty)</div><p>${prose(2)}</p></article>`,
      ),
    );
    expect(paragraphs).toEqual([prose(1), prose(2)]);
  });
});
