import type { Severity } from '@faultline/shared/schemas';
import type { Brief, BriefStory, TensionMover } from './brief.ts';
import { actorName } from './actor-names.ts';
import { SEVERITY_RANK, clip, entryOf, type Notice, type NoticeEntry } from './notice.ts';
import { escapeMrkdwn, type SlackMessage } from './slack-blocks.ts';

// A brief as a Notice (e-mail, Teams, Telegram, Discord render it like any other) and as a Slack
// Block Kit message. Each section says what it is when empty, so a quiet period reads as quiet.

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

function periodLabel(b: Brief): string {
  const from = b.from.slice(0, 16).replace('T', ' ');
  const to = b.to.slice(0, 16).replace('T', ' ');
  return `${from} – ${to} UTC`;
}

function storyNote(s: BriefStory): string {
  return [
    s.alerts > 1 ? `${s.alerts} alerts` : '1 alert',
    s.rules.join(', '),
    s.score !== undefined ? `score ${s.score.toFixed(2)}` : null,
    s.actors.length ? s.actors.slice(0, 5).join(', ') : null,
    s.topics.length ? s.topics.slice(0, 3).join(', ') : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

function moverTitle(m: TensionMover): string {
  const arrow = m.change > 0 ? '▲' : '▼';
  const sign = m.change > 0 ? '+' : '';
  return `${actorName(m.source)} ↔ ${actorName(m.target)} ${arrow} ${sign}${m.change}`;
}

const moverNote = (m: TensionMover, every: Brief['every']) =>
  `${m.source}–${m.target}: index ${m.now} vs ${m.before} the ${every === 'daily' ? 'day' : 'hour'} before`;

function topSeverity(b: Brief): Severity {
  const all = [...b.stories.map((s) => s.severity), ...b.heldBack.map((a) => a.severity)];
  return all.reduce<Severity>((s, x) => (SEVERITY_RANK[x] > SEVERITY_RANK[s] ? x : s), 'info');
}

export function briefTitle(b: Brief): string {
  const kind = b.every === 'daily' ? 'Daily brief' : 'Hourly brief';
  const counts = `${b.alertCount} alert${b.alertCount === 1 ? '' : 's'} in ${b.storyCount} stor${b.storyCount === 1 ? 'y' : 'ies'}`;
  return clip(`${kind} · ${b.name}: ${counts}`, 250);
}

export function briefNotice(b: Brief): Notice {
  const stories: NoticeEntry[] = b.stories.map((s) => ({
    title: oneLine(s.title) || '(untitled)',
    severity: s.severity,
    note: storyNote(s),
  }));
  const sections: Notice['sections'] = [
    { heading: 'Top stories', entries: stories, empty: 'No alerts in this period.' },
    {
      heading: 'Tension movers',
      entries: b.movers.map((m) => ({
        title: moverTitle(m),
        severity: 'info',
        note: moverNote(m, b.every),
      })),
      empty: 'No dyad moved.',
    },
    {
      heading: 'New actors',
      entries: b.newActors.map((a) => ({
        title: a.name === a.id ? a.id : `${a.name} (${a.id})`,
        severity: 'info',
        note: `in ${a.stories} stor${a.stories === 1 ? 'y' : 'ies'}, none of the rules' alerts before`,
      })),
      empty: 'No new actors.',
    },
  ];
  if (b.heldBack.length)
    sections.push({
      heading: `${b.heldBack.length} alerts held back by the rate limit`,
      entries: b.heldBack.map(entryOf),
    });
  return {
    kind: 'brief',
    title: briefTitle(b),
    severity: topSeverity(b),
    fields: [
      { name: 'Period', value: periodLabel(b) },
      { name: 'Alerts', value: String(b.alertCount) },
      { name: 'Stories', value: String(b.storyCount) },
      { name: 'Rules', value: clip(b.rules.join(', ') || '—', 400) },
    ],
    quotes: [],
    sections,
    why: [],
    footer: `brief ${b.name} · ${b.every} · ${periodLabel(b)}`,
  };
}

/** Lines packed into Slack sections of at most 2900 characters. */
function pack(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const last = out[out.length - 1];
    if (last !== undefined && last.length + line.length + 1 <= 2900)
      out[out.length - 1] = `${last}\n${line}`;
    else out.push(clip(line, 2900));
  }
  return out;
}

export function buildSlackBrief(b: Brief): SlackMessage {
  const notice = briefNotice(b);
  const blocks: Array<Record<string, unknown>> = [
    { type: 'header', text: { type: 'plain_text', text: clip(notice.title, 150), emoji: true } },
    {
      type: 'section',
      fields: notice.fields.map((f) => ({
        type: 'mrkdwn',
        text: clip(`*${escapeMrkdwn(f.name)}*\n${escapeMrkdwn(f.value)}`, 1900),
      })),
    },
  ];
  // Block Kit allows 50 blocks: header, fields, context, and up to 11 per section below.
  for (const s of notice.sections) {
    const lines = s.entries.length
      ? s.entries.map((e) => {
          const title = escapeMrkdwn(clip(e.title, 200));
          const head =
            e.url && /^https?:\/\//.test(e.url)
              ? `<${e.url.replaceAll('|', '%7C').replaceAll('>', '%3E')}|${title}>`
              : title;
          return `• *${head}* _${escapeMrkdwn(clip(`${e.severity} · ${e.note}`, 300))}_`;
        })
      : [`_${escapeMrkdwn(s.empty ?? '(none)')}_`];
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*${escapeMrkdwn(s.heading)}*` },
    });
    for (const text of pack(lines).slice(0, 10))
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
  }
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: clip(escapeMrkdwn(notice.footer), 2900) }],
  });
  return { text: clip(notice.title, 3000), blocks: blocks.slice(0, 50) };
}
