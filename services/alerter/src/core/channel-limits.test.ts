import { describe, it, expect } from 'vitest';
import { testAlert } from '../fixtures/alerts.ts';
import { alertNotice, digestNotice } from './notice.ts';
import { buildTeamsMessage } from './teams-card.ts';
import { buildTelegramMessage } from './telegram-message.ts';
import { buildDiscordMessage } from './discord-message.ts';
import { buildPagerDutyResolve, buildPagerDutyTrigger } from './pagerduty-event.ts';
import {
  DiscordWebhookFormat,
  PagerDutyEventFormat,
  TEAMS_BODY_LIMIT,
  TeamsMessageFormat,
  TelegramSendMessageFormat,
  formatProblem,
  telegramVisible,
} from '../testing/channel-formats.ts';

// Every channel's body stays inside the service's format and limits, for an ordinary alert, an
// alert with a huge hostile title, and a digest of 200 alerts.

const KEY = 'R0123456789abcdef0123456789abcd';
const hostile = 'Strike @everyone <b>&amp; </i> ' + 'x'.repeat(6000);
const cases = {
  plain: alertNotice(testAlert(1, 'Border clash reported')),
  hostile: alertNotice(testAlert(2, hostile)),
  digest: digestNotice(
    Array.from({ length: 200 }, (_, i) => testAlert(i, `Story ${i} ${'y'.repeat(300)} <&>`)),
  ),
};

describe.each(Object.entries(cases))('%s notice', (_, notice) => {
  it('is a valid Teams message under 28 KB', () => {
    const m = buildTeamsMessage(notice);
    expect(formatProblem(TeamsMessageFormat, m)).toBeNull();
    expect(Buffer.byteLength(JSON.stringify(m))).toBeLessThanOrEqual(TEAMS_BODY_LIMIT);
  });
  it('is a valid Telegram sendMessage of at most 4096 characters', () => {
    const m = buildTelegramMessage(notice, -1001234567890);
    expect(formatProblem(TelegramSendMessageFormat, m)).toBeNull();
    expect(telegramVisible(m.text).length).toBeLessThanOrEqual(4096);
  });
  it('is a valid Discord webhook body inside the embed limits, mentions off', () => {
    const m = buildDiscordMessage(notice, 'Faultline');
    expect(formatProblem(DiscordWebhookFormat, m)).toBeNull();
    expect(m.allowed_mentions.parse).toEqual([]);
  });
});

describe('PagerDuty events', () => {
  it('trigger and resolve share the story as dedup_key and fit the format', () => {
    const a = testAlert(7, hostile);
    const t = buildPagerDutyTrigger(a, `${KEY}x`);
    const r = buildPagerDutyResolve(a.storyId, `${KEY}x`);
    expect(formatProblem(PagerDutyEventFormat, t)).toBeNull();
    expect(formatProblem(PagerDutyEventFormat, r)).toBeNull();
    expect(t.dedup_key).toBe(r.dedup_key);
    expect(t.payload?.summary.length).toBeLessThanOrEqual(1024);
    expect(t.payload?.custom_details?.why).toEqual(a.explanation.matched);
    expect(buildPagerDutyTrigger(testAlert(8, 'x'), KEY).dedup_key).not.toBe(t.dedup_key);
  });
});
