import type { Alert, Severity } from '@faultline/shared/schemas';
import { evidenceOf } from './build-alert.ts';

// Slack Block Kit messages for incoming webhooks: one alert (headline linked to the source,
// severity, topics with their evidence sentence, actors, feed, time, explanation), or a digest
// folding several alerts into one message when a burst would exceed the channel's budget.

export interface SlackMessage {
  text: string;
  blocks: Array<Record<string, unknown>>;
}

const ICON: Record<Severity, string> = {
  info: ':information_source:',
  low: ':large_blue_circle:',
  medium: ':large_yellow_circle:',
  high: ':red_circle:',
  critical: ':rotating_light:',
};

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export const escapeMrkdwn = (s: string): string =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

const clip = (s: string, n: number): string => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

function link(alert: Alert): string {
  const title = escapeMrkdwn(clip(alert.title.replace(/\s+/g, ' ').trim() || '(untitled)', 200));
  if (!alert.url || !/^https?:\/\//.test(alert.url)) return `*${title}*`;
  return `*<${alert.url.replaceAll('|', '%7C').replaceAll('>', '%3E')}|${title}>*`;
}

function slackDate(iso: string): string {
  const unix = Math.floor(Date.parse(iso) / 1000);
  return `<!date^${unix}^{date_short_pretty} {time}|${iso}>`;
}

function actorsOf(alert: Alert): string {
  const dyads = alert.explanation.dyads.map((d) => `${d.source} → ${d.target}`);
  if (dyads.length) return [...new Set(dyads)].slice(0, 4).join(', ');
  const ents = alert.explanation.entities.map((e) => e.id ?? e.name);
  return ents.slice(0, 5).join(', ') || '—';
}

/** A trend alert: the spike's figures instead of topics and evidence. */
function buildTrendMessage(alert: Alert, trend: NonNullable<Alert['trend']>): SlackMessage {
  const header = clip(`${alert.severity.toUpperCase()} · ${alert.ruleName}`, 150);
  const title = escapeMrkdwn(clip(alert.title, 200));
  const stories = trend.storyIds.slice(0, 5).map((s) => `\`${escapeMrkdwn(s)}\``);
  return {
    text: `[${alert.severity}] ${alert.ruleName}: ${alert.title}`.slice(0, 3000),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: header, emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: `${ICON[alert.severity]} *${title}*` } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Severity*\n${alert.severity}` },
          { type: 'mrkdwn', text: `*z-score*\n${trend.zScore.toFixed(2)}σ` },
          {
            type: 'mrkdwn',
            text: `*Actors*\n${escapeMrkdwn(`${trend.dyad.source} ↔ ${trend.dyad.target}`)}`,
          },
          {
            type: 'mrkdwn',
            text: `*Index (${trend.window})*\n${trend.value} vs baseline ${trend.baseline}`,
          },
        ],
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: clip(
              `Spike at ${slackDate(trend.at)} · rule \`${alert.ruleId}\`` +
                (stories.length ? ` · recent stories: ${stories.join(', ')}` : ''),
              2900,
            ),
          },
          {
            type: 'mrkdwn',
            text: clip(`Why: ${escapeMrkdwn(alert.explanation.matched.join('; '))}`, 2900),
          },
        ],
      },
    ],
  };
}

export function buildSlackMessage(alert: Alert): SlackMessage {
  if (alert.trend) return buildTrendMessage(alert, alert.trend);
  const prefix = alert.isUpdate ? 'UPDATE · ' : '';
  const header = clip(`${prefix}${alert.severity.toUpperCase()} · ${alert.ruleName}`, 150);
  const evidence = evidenceOf(alert, 2);
  const topics = alert.explanation.topics
    .slice(0, 4)
    .map((t) => `• *${escapeMrkdwn(t.topic)}* (${t.score.toFixed(2)}, CAMEO ${t.cameo})`)
    .join('\n');
  const blocks: Array<Record<string, unknown>> = [
    { type: 'header', text: { type: 'plain_text', text: header, emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: `${ICON[alert.severity]} ${link(alert)}` } },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Severity*\n${alert.severity}` },
        { type: 'mrkdwn', text: `*Tension score*\n${alert.score.toFixed(2)}` },
        { type: 'mrkdwn', text: `*Actors*\n${escapeMrkdwn(actorsOf(alert))}` },
        { type: 'mrkdwn', text: `*Feed*\n${escapeMrkdwn(alert.feedId)}` },
      ],
    },
  ];
  if (alert.gist || alert.language)
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(
          `*In English*${alert.language ? ` (item in ${escapeMrkdwn(alert.language)})` : ''}\n${escapeMrkdwn(alert.gist ?? 'no gist')}`,
          2900,
        ),
      },
    });
  if (topics || evidence.length)
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(
          `*Topics*\n${topics || '—'}${evidence.map((e) => `\n> ${escapeMrkdwn(clip(e, 400))}`).join('')}`,
          2900,
        ),
      },
    });
  const sources = alert.sources.map((s) => s.domain ?? s.feedId);
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: clip(
          `Published ${slackDate(alert.publishedAt)} · rule \`${alert.ruleId}\` · story \`${alert.storyId}\`` +
            (sources.length > 1
              ? ` · ${sources.length} sources: ${escapeMrkdwn(sources.join(', '))}`
              : ''),
          2900,
        ),
      },
      {
        type: 'mrkdwn',
        text: clip(`Why: ${escapeMrkdwn(alert.explanation.matched.join('; '))}`, 2900),
      },
    ],
  });
  return {
    text: `${prefix}[${alert.severity}] ${alert.ruleName}: ${alert.title}`.slice(0, 3000),
    blocks,
  };
}

/** One grouped message for several alerts (burst overflow or a rule's digest). */
export function buildSlackDigest(alerts: Alert[]): SlackMessage {
  if (alerts.length === 1) return buildSlackMessage(alerts[0]!);
  const rules = [...new Set(alerts.map((a) => a.ruleName))];
  const lines = alerts.map(
    (a) =>
      `${ICON[a.severity]} ${a.isUpdate ? '_update_ ' : ''}${link(a)} — ${escapeMrkdwn(a.ruleName)}` +
      (a.explanation.topics[0] ? ` · ${escapeMrkdwn(a.explanation.topics[0].topic)}` : ''),
  );
  // Sections hold at most 3000 characters: pack lines into as few as needed (<= 45 blocks).
  const sections: string[] = [];
  for (const line of lines) {
    const last = sections[sections.length - 1];
    if (last !== undefined && last.length + line.length + 1 <= 2900)
      sections[sections.length - 1] = `${last}\n${line}`;
    else sections.push(clip(line, 2900));
  }
  return {
    text: `${alerts.length} alerts: ${rules.join(', ')}`.slice(0, 3000),
    blocks: [
      {
        type: 'header',
        text: {
          type: 'plain_text',
          text: clip(`Digest · ${alerts.length} alerts`, 150),
          emoji: true,
        },
      },
      ...sections.slice(0, 45).map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } })),
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: clip(`Rules: ${escapeMrkdwn(rules.join(', '))}`, 2900) },
        ],
      },
    ],
  };
}
