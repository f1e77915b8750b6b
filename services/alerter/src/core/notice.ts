import type { Alert, Severity } from '@faultline/shared/schemas';
import { evidenceOf } from './build-alert.ts';

// The channel-neutral content of one notification: an alert, a digest of alerts folded while a
// channel was rate-limited, or a scheduled brief. E-mail, Teams, Telegram and Discord render a
// Notice each in their own format (core/*-message.ts), so every channel says the same thing,
// "why it fired" included.

export interface NoticeField {
  name: string;
  value: string;
}

export interface NoticeEntry {
  title: string;
  url?: string;
  severity: Severity;
  /** One short line under the entry: rule, topic, score. */
  note: string;
}

export interface NoticeSection {
  heading: string;
  entries: NoticeEntry[];
  /** Shown when `entries` is empty. */
  empty?: string;
}

export interface Notice {
  kind: 'alert' | 'digest' | 'brief';
  /** One line: the e-mail subject, the card's title. */
  title: string;
  severity: Severity;
  /** The headline (an alert's title) and its link. */
  headline?: { text: string; url?: string };
  fields: NoticeField[];
  /** Evidence sentences or the gist: quoted. */
  quotes: string[];
  sections: NoticeSection[];
  /** Why it fired: the matched conditions. */
  why: string[];
  /** Rule, story, publication time. */
  footer: string;
}

export const SEVERITY_RANK: Record<Severity, number> = {
  info: 0,
  low: 1,
  medium: 2,
  high: 3,
  critical: 4,
};

/** Clips to n characters (code units), with an ellipsis when cut. */
export const clip = (s: string, n: number): string =>
  s.length <= n ? s : `${s.slice(0, Math.max(0, n - 1))}…`;

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

const httpUrl = (url: string | undefined) => (url && /^https?:\/\//.test(url) ? url : undefined);

function actorsOf(alert: Alert): string {
  const dyads = alert.explanation.dyads.map((d) => `${d.source} → ${d.target}`);
  if (dyads.length) return [...new Set(dyads)].slice(0, 4).join(', ');
  return (
    alert.explanation.entities
      .map((e) => e.id ?? e.name)
      .slice(0, 5)
      .join(', ') || '—'
  );
}

export function alertNotice(alert: Alert): Notice {
  const prefix = alert.isUpdate ? 'UPDATE · ' : '';
  const title = clip(
    `${prefix}[${alert.severity}] ${alert.ruleName}: ${oneLine(alert.title)}`,
    250,
  );
  const footer = `rule ${alert.ruleId} · story ${alert.storyId} · published ${alert.publishedAt}`;
  const why = alert.explanation.matched.map(oneLine);
  const url = httpUrl(alert.url);
  const headline = { text: oneLine(alert.title) || '(untitled)', ...(url ? { url } : {}) };
  if (alert.trend) {
    const t = alert.trend;
    return {
      kind: 'alert',
      title,
      severity: alert.severity,
      headline,
      fields: [
        { name: 'Severity', value: alert.severity },
        { name: 'z-score', value: `${t.zScore.toFixed(2)}σ` },
        { name: 'Actors', value: `${t.dyad.source} ↔ ${t.dyad.target}` },
        { name: `Index (${t.window})`, value: `${t.value} vs baseline ${t.baseline}` },
      ],
      quotes: [],
      sections: [],
      why,
      footer: `rule ${alert.ruleId} · spike at ${t.at}${t.storyIds.length ? ` · stories ${t.storyIds.slice(0, 5).join(', ')}` : ''}`,
    };
  }
  const sources = alert.sources.map((s) => s.domain ?? s.feedId);
  const fields: NoticeField[] = [
    { name: 'Severity', value: alert.severity },
    { name: 'Tension score', value: alert.score.toFixed(2) },
    { name: 'Actors', value: actorsOf(alert) },
    { name: 'Feed', value: alert.feedId },
  ];
  const topics = alert.explanation.topics
    .slice(0, 4)
    .map((t) => `${t.topic} (${t.score.toFixed(2)}, CAMEO ${t.cameo})`);
  if (topics.length) fields.push({ name: 'Topics', value: topics.join('; ') });
  if (sources.length > 1)
    fields.push({ name: `${sources.length} sources`, value: [...new Set(sources)].join(', ') });
  const quotes = [
    ...(alert.gist ? [`In English (item in ${alert.language ?? '?'}): ${alert.gist}`] : []),
    ...evidenceOf(alert, 2).map((e) => clip(oneLine(e), 400)),
  ];
  return {
    kind: 'alert',
    title,
    severity: alert.severity,
    headline,
    fields,
    quotes,
    sections: [],
    why,
    footer,
  };
}

export function entryOf(alert: Alert): NoticeEntry {
  const url = httpUrl(alert.url);
  const topic = alert.explanation.topics[0]?.topic;
  return {
    title: oneLine(alert.title) || '(untitled)',
    ...(url ? { url } : {}),
    severity: alert.severity,
    note: [
      alert.isUpdate ? 'update' : null,
      alert.ruleName,
      topic ?? null,
      alert.trend ? `z ${alert.trend.zScore.toFixed(1)}` : `score ${alert.score.toFixed(2)}`,
    ]
      .filter(Boolean)
      .join(' · '),
  };
}

/** Alerts folded while the channel was rate-limited, as one message. */
export function digestNotice(alerts: Alert[]): Notice {
  if (alerts.length === 1) return alertNotice(alerts[0]!);
  const rules = [...new Set(alerts.map((a) => a.ruleName))];
  const top = alerts.reduce(
    (s, a) => (SEVERITY_RANK[a.severity] > SEVERITY_RANK[s] ? a.severity : s),
    'info' as Severity,
  );
  return {
    kind: 'digest',
    title: clip(`Digest · ${alerts.length} alerts: ${rules.join(', ')}`, 250),
    severity: top,
    fields: [],
    quotes: [],
    sections: [
      { heading: `${alerts.length} alerts (rate limit reached)`, entries: alerts.map(entryOf) },
    ],
    why: [...new Set(alerts.flatMap((a) => a.explanation.matched.map(oneLine)))].slice(0, 10),
    footer: `rules: ${rules.join(', ')}`,
  };
}
