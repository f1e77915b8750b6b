import { clip, type Notice } from './notice.ts';

// A Notice as a Microsoft Teams message for a Workflows webhook ("post to a channel when a
// webhook request is received"): one Adaptive Card 1.4 attachment. Teams refuses messages over
// about 28 KB, so entries are dropped from the end (with a count) until the card fits.

export const TEAMS_MAX_BYTES = 28_000;

type Element = Record<string, unknown>;

export interface TeamsMessage {
  type: 'message';
  attachments: Array<{
    contentType: 'application/vnd.microsoft.card.adaptive';
    contentUrl: null;
    content: {
      $schema: string;
      type: 'AdaptiveCard';
      version: '1.4';
      body: Element[];
      actions?: Element[];
      msteams?: Record<string, unknown>;
    };
  }>;
}

const COLOR = {
  info: 'Default',
  low: 'Accent',
  medium: 'Warning',
  high: 'Attention',
  critical: 'Attention',
};

/** Adaptive Card TextBlocks take a subset of Markdown: escape what would format. */
const md = (s: string) => s.replace(/([\\*_[\]()#>`~|])/g, '\\$1');
const mdLink = (text: string, url?: string) =>
  url ? `[${md(text)}](${url.replaceAll(')', '%29')})` : md(text);

function card(notice: Notice, keepEntries: number): TeamsMessage {
  const body: Element[] = [
    {
      type: 'TextBlock',
      text: md(clip(notice.title, 250)),
      weight: 'Bolder',
      size: 'Medium',
      color: COLOR[notice.severity],
      wrap: true,
    },
  ];
  if (notice.headline)
    body.push({
      type: 'TextBlock',
      text: mdLink(clip(notice.headline.text, 300), notice.headline.url),
      size: 'Large',
      weight: 'Bolder',
      wrap: true,
    });
  if (notice.fields.length)
    body.push({
      type: 'FactSet',
      facts: notice.fields.map((f) => ({ title: clip(f.name, 60), value: clip(f.value, 500) })),
    });
  for (const q of notice.quotes)
    body.push({ type: 'TextBlock', text: md(clip(q, 500)), isSubtle: true, wrap: true });
  let left = keepEntries;
  let dropped = 0;
  for (const s of notice.sections) {
    body.push({
      type: 'TextBlock',
      text: md(s.heading),
      weight: 'Bolder',
      wrap: true,
      spacing: 'Medium',
    });
    if (!s.entries.length)
      body.push({ type: 'TextBlock', text: md(s.empty ?? '(none)'), isSubtle: true, wrap: true });
    for (const e of s.entries) {
      if (left <= 0) {
        dropped++;
        continue;
      }
      left--;
      body.push({
        type: 'TextBlock',
        text: `${mdLink(clip(e.title, 200), e.url)}  \n${md(clip(`${e.severity} · ${e.note}`, 200))}`,
        wrap: true,
        spacing: 'Small',
      });
    }
  }
  if (dropped)
    body.push({ type: 'TextBlock', text: `… and ${dropped} more`, isSubtle: true, wrap: true });
  if (notice.why.length)
    body.push({
      type: 'TextBlock',
      text: md(clip(`Why it fired: ${notice.why.join('; ')}`, 1500)),
      wrap: true,
      spacing: 'Medium',
    });
  body.push({
    type: 'TextBlock',
    text: md(clip(notice.footer, 500)),
    isSubtle: true,
    size: 'Small',
    wrap: true,
  });
  const url = notice.headline?.url;
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          ...(url ? { actions: [{ type: 'Action.OpenUrl', title: 'Open the article', url }] } : {}),
          msteams: { width: 'Full' },
        },
      },
    ],
  };
}

export function buildTeamsMessage(notice: Notice): TeamsMessage {
  const total = notice.sections.reduce((n, s) => n + s.entries.length, 0);
  let keep = total;
  let message = card(notice, keep);
  while (Buffer.byteLength(JSON.stringify(message)) > TEAMS_MAX_BYTES && keep > 0) {
    keep = Math.floor(keep * 0.75);
    message = card(notice, keep);
  }
  return message;
}
