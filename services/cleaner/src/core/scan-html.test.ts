import { describe, expect, it } from 'vitest';
import { createScanner } from './scan-html.ts';

function events(html: string): string[] {
  const out: string[] = [];
  const scanner = createScanner({
    onopentag: (name, attribs) =>
      out.push(
        `<${name}${Object.entries(attribs)
          .map(([k, v]) => ` ${k}=${v}`)
          .join('')}>`,
      ),
    ontext: (text) => out.push(text),
    onclosetag: (name) => out.push(`</${name}>`),
  });
  scanner.write(html);
  scanner.end();
  return out;
}

describe('scanHtml', () => {
  it('reads attributes in any quoting, lower-cased, entities decoded', () => {
    expect(events(`<DIV Class="a b" id='x' data-k=v hidden>t &amp; u</DIV>`)).toEqual([
      '<div class=a b id=x data-k=v hidden=>',
      't & u',
      '</div>',
    ]);
  });

  it('closes paragraphs, list items and cells the way browsers imply', () => {
    expect(events('<p>a<div>b</div><ul><li>c<li>d</ul>')).toEqual([
      '<p>',
      'a',
      '</p>',
      '<div>',
      'b',
      '</div>',
      '<ul>',
      '<li>',
      'c',
      '</li>',
      '<li>',
      'd',
      '</li>',
      '</ul>',
    ]);
    expect(events('<table><tr><td>1<td>2<tr><td>3</table>')).toEqual([
      '<table>',
      '<tr>',
      '<td>',
      '1',
      '</td>',
      '<td>',
      '2',
      '</td>',
      '</tr>',
      '<tr>',
      '<td>',
      '3',
      '</td>',
      '</tr>',
      '</table>',
    ]);
  });

  it('treats void elements, stray closes and a > inside a quoted attribute', () => {
    expect(events('<p>a<br>b</span></br><img alt="x>y">c')).toEqual([
      '<p>',
      'a',
      '<br>',
      '</br>',
      'b',
      '<br>',
      '</br>',
      '<img alt=x>y>',
      '</img>',
      'c',
      '</p>',
    ]);
  });

  it('reads <title> as raw text and skips comments and doctypes', () => {
    expect(events('<!DOCTYPE html><!-- x --><title>a <b> c</title>')).toEqual([
      '<title>',
      'a <b> c',
      '</title>',
    ]);
  });

  it('reads a tag left open by an unmatched quote as text, then later tags up to their >', () => {
    // Retrying the quote-aware tag pattern at every later '<' made such pages quadratic.
    expect(events('<p>a</p><a title="x>b<p>c</p><a href=y>d</a>')).toEqual([
      '<p>',
      'a',
      '</p>',
      '<',
      'a title="x>b',
      '<p>',
      'c',
      '</p>',
      '<a href=y>',
      'd',
      '</a>',
    ]);
    expect(events('<p>a</p><script <a b')).toEqual(['<p>', 'a', '</p>', '<script <a b']);
  });
});
