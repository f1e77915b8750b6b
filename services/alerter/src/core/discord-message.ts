import { clip, type Notice } from './notice.ts';

// A Notice as a Discord webhook body: a short `content` line and one embed, inside Discord's
// limits (content 2000, title 256, description 4096, 25 fields of name 256 / value 1024, footer
// 2048, and 6000 characters across the embeds). Mentions are disabled: an article title saying
// "@everyone" must not ping a whole server.

export const DISCORD = {
  content: 2000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  total: 6000,
} as const;

export interface DiscordEmbed {
  title: string;
  url?: string;
  description?: string;
  color: number;
  fields?: Array<{ name: string; value: string; inline?: boolean }>;
  footer?: { text: string };
  timestamp?: string;
}

export interface DiscordMessage {
  content: string;
  username?: string;
  embeds: DiscordEmbed[];
  allowed_mentions: { parse: never[] };
}

const COLOR = {
  info: 0x6b7280,
  low: 0x2563eb,
  medium: 0xca8a04,
  high: 0xdc2626,
  critical: 0x7f1d1d,
};

/** Escapes Discord markdown so titles show as written. */
const md = (s: string) => s.replace(/([\\*_~`|>[\]()])/g, '\\$1');

/** Characters Discord counts towards the 6000 across the embeds. */
export function embedChars(e: DiscordEmbed): number {
  return (
    e.title.length +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

export function buildDiscordMessage(notice: Notice, username?: string): DiscordMessage {
  const desc: string[] = [];
  if (notice.headline && notice.kind !== 'alert') desc.push(md(notice.headline.text));
  for (const q of notice.quotes) desc.push(`> ${md(clip(q, 500))}`);
  let dropped = 0;
  const budget = DISCORD.description - 40;
  for (const s of notice.sections) {
    const h = `\n**${md(clip(s.heading, 200))}**`;
    const lines = s.entries.length ? [] : [md(s.empty ?? '(none)')];
    for (const e of s.entries) {
      const title = md(clip(e.title, 200));
      lines.push(
        `• ${e.url ? `[${title}](${e.url.replaceAll(')', '%29')})` : title}\n  ${md(clip(`${e.severity} · ${e.note}`, 200))}`,
      );
    }
    desc.push(h);
    for (const l of lines) {
      if (dropped || desc.join('\n').length + l.length + 1 > budget) dropped++;
      else desc.push(l);
    }
  }
  if (dropped) desc.push(`… and ${dropped} more`);
  const fields = notice.fields.slice(0, DISCORD.fields - 1).map((f) => ({
    name: clip(f.name, DISCORD.fieldName),
    value: clip(md(f.value), DISCORD.fieldValue) || '—',
    inline: f.value.length < 40,
  }));
  if (notice.why.length)
    fields.push({
      name: 'Why it fired',
      value: clip(md(notice.why.join('; ')), DISCORD.fieldValue),
      inline: false,
    });
  const embed: DiscordEmbed = {
    title: clip(
      notice.headline && notice.kind === 'alert' ? notice.headline.text : notice.title,
      DISCORD.title,
    ),
    ...(notice.kind === 'alert' && notice.headline?.url ? { url: notice.headline.url } : {}),
    color: COLOR[notice.severity],
    ...(desc.length ? { description: clip(desc.join('\n').trim(), DISCORD.description) } : {}),
    ...(fields.length ? { fields } : {}),
    footer: { text: clip(notice.footer, 500) },
  };
  // The 6000 across embeds: shorten the description first, then drop fields from the end.
  while (embedChars(embed) > DISCORD.total && embed.description && embed.description.length > 100)
    embed.description = clip(
      embed.description,
      embed.description.length - (embedChars(embed) - DISCORD.total) - 1,
    );
  while (embedChars(embed) > DISCORD.total && embed.fields?.length) embed.fields.pop();
  return {
    content: clip(notice.title, DISCORD.content),
    ...(username ? { username } : {}),
    embeds: [embed],
    allowed_mentions: { parse: [] },
  };
}
