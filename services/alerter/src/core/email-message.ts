import type { Notice } from './notice.ts';

// A Notice as an e-mail: a one-line subject, a plain-text part and an HTML part (inline styles
// only: mail clients drop <style> blocks and never run scripts). Every value is escaped.

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string): string =>
  s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

const COLOR = {
  info: '#6b7280',
  low: '#2563eb',
  medium: '#ca8a04',
  high: '#dc2626',
  critical: '#7f1d1d',
};

/** Subjects are one line (a header injection needs a line break) of at most 200 characters. */
const subjectOf = (s: string) => {
  const line = s.replace(/[\r\n\t]+/g, ' ').trim();
  return line.length <= 200 ? line : `${line.slice(0, 199)}…`;
};

function link(text: string, url: string | undefined): string {
  return url ? `<a href="${escapeHtml(url)}">${escapeHtml(text)}</a>` : escapeHtml(text);
}

export function buildEmail(notice: Notice): EmailMessage {
  const text: string[] = [notice.title, ''];
  const html: string[] = [
    `<div style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#111">`,
    `<p style="margin:0 0 8px;color:${COLOR[notice.severity]};font-weight:bold">${escapeHtml(notice.title)}</p>`,
  ];
  if (notice.headline) {
    text.push(notice.headline.text, ...(notice.headline.url ? [notice.headline.url] : []), '');
    html.push(
      `<h2 style="font-size:18px;margin:0 0 12px">${link(notice.headline.text, notice.headline.url)}</h2>`,
    );
  }
  if (notice.fields.length) {
    for (const f of notice.fields) text.push(`${f.name}: ${f.value}`);
    text.push('');
    html.push(
      `<table style="border-collapse:collapse;margin:0 0 12px">`,
      ...notice.fields.map(
        (f) =>
          `<tr><td style="padding:2px 12px 2px 0;color:#555">${escapeHtml(f.name)}</td><td style="padding:2px 0">${escapeHtml(f.value)}</td></tr>`,
      ),
      `</table>`,
    );
  }
  for (const q of notice.quotes) {
    text.push(`> ${q}`);
    html.push(
      `<blockquote style="margin:0 0 8px;padding-left:8px;border-left:3px solid #ccc;color:#333">${escapeHtml(q)}</blockquote>`,
    );
  }
  if (notice.quotes.length) text.push('');
  for (const s of notice.sections) {
    text.push(s.heading, '-'.repeat(Math.min(60, s.heading.length)));
    html.push(`<h3 style="font-size:15px;margin:16px 0 6px">${escapeHtml(s.heading)}</h3>`);
    if (!s.entries.length) {
      text.push(s.empty ?? '(none)');
      html.push(`<p style="color:#555">${escapeHtml(s.empty ?? '(none)')}</p>`);
    } else {
      html.push('<ul style="margin:0;padding-left:18px">');
      for (const e of s.entries) {
        text.push(`- [${e.severity}] ${e.title}${e.url ? ` <${e.url}>` : ''}`, `  ${e.note}`);
        html.push(
          `<li style="margin:0 0 6px">${link(e.title, e.url)}<br><span style="color:#555;font-size:12px">${escapeHtml(`${e.severity} · ${e.note}`)}</span></li>`,
        );
      }
      html.push('</ul>');
    }
    text.push('');
  }
  if (notice.why.length) {
    text.push('Why it fired:', ...notice.why.map((w) => `- ${w}`), '');
    html.push(
      `<p style="margin:12px 0 4px;font-weight:bold">Why it fired</p><ul style="margin:0;padding-left:18px">`,
      ...notice.why.map((w) => `<li>${escapeHtml(w)}</li>`),
      '</ul>',
    );
  }
  text.push(notice.footer, '', '-- Faultline');
  html.push(
    `<p style="margin:16px 0 0;color:#777;font-size:12px">${escapeHtml(notice.footer)} · sent by Faultline</p>`,
    '</div>',
  );
  return { subject: subjectOf(notice.title), text: text.join('\n'), html: html.join('\n') };
}
