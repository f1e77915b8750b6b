import { clip, type Notice } from './notice.ts';

// A Notice as a Telegram Bot API sendMessage body (parse_mode HTML). Telegram counts the 4096
// characters of a message after parsing the markup, so lines are added while their visible text
// fits, and what does not fit is counted ("… and 3 more").

export const TELEGRAM_MAX_CHARS = 4096;

export interface TelegramMessage {
  chat_id: number | string;
  text: string;
  parse_mode: 'HTML';
  link_preview_options: { is_disabled: boolean };
}

/** Telegram's HTML mode needs only these three escaped. */
const esc = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const attr = (s: string) => esc(s).replaceAll('"', '&quot;');

interface Line {
  html: string;
  /** Characters Telegram counts (the text without the markup, entities decoded). */
  visible: number;
}

const line = (html: string, visible: string): Line => ({ html, visible: visible.length });
const a = (text: string, url?: string): Line =>
  url ? line(`<a href="${attr(url)}">${esc(text)}</a>`, text) : line(esc(text), text);

export function buildTelegramMessage(notice: Notice, chatId: number | string): TelegramMessage {
  const head: Line[] = [line(`<b>${esc(clip(notice.title, 300))}</b>`, clip(notice.title, 300))];
  if (notice.headline) head.push(a(clip(notice.headline.text, 300), notice.headline.url));
  for (const f of notice.fields)
    head.push(
      line(`<b>${esc(f.name)}:</b> ${esc(clip(f.value, 300))}`, `${f.name}: ${clip(f.value, 300)}`),
    );
  for (const q of notice.quotes) head.push(line(`<i>${esc(clip(q, 500))}</i>`, clip(q, 500)));
  const tail: Line[] = [];
  if (notice.why.length) {
    const why = clip(`Why it fired: ${notice.why.join('; ')}`, 1000);
    tail.push(line(`<b>Why it fired:</b> ${esc(why.slice('Why it fired: '.length))}`, why));
  }
  tail.push(line(`<code>${esc(clip(notice.footer, 300))}</code>`, clip(notice.footer, 300)));
  const body: Line[] = [];
  const entries = notice.sections.flatMap((s) => [
    { heading: s.heading, empty: s.entries.length ? null : (s.empty ?? '(none)') },
    ...s.entries.map((e) => ({ entry: e })),
  ]);
  const budget = TELEGRAM_MAX_CHARS - 40;
  let used = [...head, ...tail].reduce((n, l) => n + l.visible + 1, 0);
  let dropped = 0;
  for (const e of entries) {
    let l: Line;
    if ('heading' in e)
      l = e.empty
        ? line(`\n<b>${esc(e.heading)}</b>\n${esc(e.empty)}`, `\n${e.heading}\n${e.empty}`)
        : line(`\n<b>${esc(e.heading)}</b>`, `\n${e.heading}`);
    else {
      const t = a(clip(e.entry.title, 200), e.entry.url);
      const note = clip(`${e.entry.severity} · ${e.entry.note}`, 200);
      l = { html: `• ${t.html}\n   ${esc(note)}`, visible: 2 + t.visible + 4 + note.length };
    }
    if (used + l.visible + 1 > budget || dropped) {
      if (!('heading' in e)) dropped++;
      continue;
    }
    used += l.visible + 1;
    body.push(l);
  }
  if (dropped) body.push(line(`… and ${dropped} more`, `… and ${dropped} more`));
  return {
    chat_id: chatId,
    text: [...head, ...body, ...(tail.length ? [line('', '')] : []), ...tail]
      .map((l) => l.html)
      .join('\n'),
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: notice.kind !== 'alert' },
  };
}
