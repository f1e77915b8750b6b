import { z } from 'zod';

// What each service accepts, written from its documentation, for the test receivers and unit
// tests: a body these schemas refuse is what the real service would answer 400 to.
// PagerDuty Events API v2 (developer.pagerduty.com/docs/events-api-v2/trigger-events),
// Teams Workflows webhooks with an Adaptive Card (learn.microsoft.com, "Create incoming webhooks
// with Workflows"), Telegram Bot API sendMessage (core.telegram.org/bots/api#sendmessage),
// Discord Execute Webhook (discord.com/developers/docs/resources/webhook, embed limits).

export const PagerDutyEventFormat = z.discriminatedUnion('event_action', [
  z.object({
    routing_key: z.string().length(32),
    event_action: z.literal('trigger'),
    dedup_key: z.string().min(1).max(255).optional(),
    payload: z.object({
      summary: z.string().min(1).max(1024),
      source: z.string().min(1),
      severity: z.enum(['critical', 'error', 'warning', 'info']),
      timestamp: z.iso.datetime({ offset: true }).optional(),
      component: z.string().optional(),
      group: z.string().optional(),
      class: z.string().optional(),
      custom_details: z.record(z.string(), z.unknown()).optional(),
    }),
    client: z.string().optional(),
    client_url: z.url().optional(),
    links: z.array(z.object({ href: z.url(), text: z.string().optional() })).optional(),
    images: z.array(z.unknown()).optional(),
  }),
  z.object({
    routing_key: z.string().length(32),
    event_action: z.enum(['acknowledge', 'resolve']),
    dedup_key: z.string().min(1).max(255),
  }),
]);

const CardElement = z.looseObject({ type: z.string().min(1) });
export const TeamsMessageFormat = z.object({
  type: z.literal('message'),
  attachments: z
    .array(
      z.object({
        contentType: z.literal('application/vnd.microsoft.card.adaptive'),
        contentUrl: z.null().optional(),
        content: z.looseObject({
          $schema: z.string().optional(),
          type: z.literal('AdaptiveCard'),
          version: z.string().regex(/^1\.[0-5]$/),
          body: z.array(CardElement).min(1),
          actions: z
            .array(
              z.looseObject({ type: z.literal('Action.OpenUrl'), title: z.string(), url: z.url() }),
            )
            .optional(),
        }),
      }),
    )
    .length(1),
});
export const TEAMS_BODY_LIMIT = 28 * 1024;

const ALLOWED_TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'a',
  'code',
  'pre',
  'blockquote',
  'tg-spoiler',
  'span',
]);

/** The text Telegram counts: markup removed, the four entities decoded. */
export function telegramVisible(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&');
}

/** Balanced, allowed tags and only named entities Telegram knows, as its HTML parser demands. */
export function telegramHtmlProblem(html: string): string | null {
  const stack: string[] = [];
  for (const m of html.matchAll(/<(\/?)([a-z-]+)([^>]*)>/g)) {
    const [, close, tag] = m;
    if (!ALLOWED_TAGS.has(tag!)) return `unsupported tag <${tag}>`;
    if (close) {
      if (stack.pop() !== tag) return `unbalanced </${tag}>`;
    } else stack.push(tag!);
  }
  if (stack.length) return `unclosed <${stack.at(-1)}>`;
  if (/<(?![a-z/])/.test(html)) return 'bare < (must be &lt;)';
  if (/&(?!lt;|gt;|amp;|quot;|#\d+;)/.test(html)) return 'bare & (must be &amp;)';
  return null;
}

export const TelegramSendMessageFormat = z
  .object({
    chat_id: z.union([z.number().int(), z.string().min(1)]),
    text: z.string().min(1),
    parse_mode: z.enum(['HTML', 'MarkdownV2', 'Markdown']).optional(),
    link_preview_options: z.object({ is_disabled: z.boolean().optional() }).optional(),
    disable_notification: z.boolean().optional(),
  })
  .superRefine((m, ctx) => {
    const visible = m.parse_mode === 'HTML' ? telegramVisible(m.text) : m.text;
    if (visible.length > 4096)
      ctx.addIssue({
        code: 'custom',
        path: ['text'],
        message: `message is too long (${visible.length} > 4096)`,
      });
    const problem = m.parse_mode === 'HTML' ? telegramHtmlProblem(m.text) : null;
    if (problem)
      ctx.addIssue({ code: 'custom', path: ['text'], message: `can't parse entities: ${problem}` });
  });

const Embed = z.object({
  title: z.string().max(256).optional(),
  url: z.url().optional(),
  description: z.string().max(4096).optional(),
  color: z.number().int().min(0).max(0xffffff).optional(),
  timestamp: z.string().optional(),
  footer: z.object({ text: z.string().max(2048) }).optional(),
  author: z.object({ name: z.string().max(256) }).optional(),
  fields: z
    .array(
      z.object({
        name: z.string().min(1).max(256),
        value: z.string().min(1).max(1024),
        inline: z.boolean().optional(),
      }),
    )
    .max(25)
    .optional(),
});
export const DiscordWebhookFormat = z
  .object({
    content: z.string().max(2000).optional(),
    username: z.string().min(1).max(80).optional(),
    embeds: z.array(Embed).max(10).optional(),
    allowed_mentions: z
      .object({ parse: z.array(z.enum(['roles', 'users', 'everyone'])) })
      .optional(),
  })
  .superRefine((m, ctx) => {
    if (!m.content && !m.embeds?.length)
      ctx.addIssue({ code: 'custom', message: 'Cannot send an empty message' });
    const total = (m.embeds ?? []).reduce(
      (n, e) =>
        n +
        (e.title?.length ?? 0) +
        (e.description?.length ?? 0) +
        (e.footer?.text.length ?? 0) +
        (e.author?.name.length ?? 0) +
        (e.fields ?? []).reduce((k, f) => k + f.name.length + f.value.length, 0),
      0,
    );
    if (total > 6000)
      ctx.addIssue({ code: 'custom', path: ['embeds'], message: `embeds total ${total} > 6000` });
  });

/** The first problem of a body against a format, as the service would word a 400. */
export function formatProblem(schema: z.ZodType, json: unknown): string | null {
  const r = schema.safeParse(json);
  if (r.success) return null;
  const i = r.error.issues[0]!;
  return `${i.path.join('.') || '(body)'}: ${i.message}`;
}
