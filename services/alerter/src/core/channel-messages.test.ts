import { describe, it, expect } from 'vitest';
import type { Alert } from '@faultline/shared/schemas';
import { buildAlert } from './build-alert.ts';
import { matchRules } from './match-rules.ts';
import { parseRulesYaml } from './rules-schema.ts';
import { seedItem } from '../fixtures/analyzed-items.ts';
import { alertNotice, digestNotice } from './notice.ts';
import { buildEmail } from './email-message.ts';

const parsed = parseRulesYaml('rules:\n  - {id: r1, channels: [c], match: {minScore: 0.1}}');
if (!parsed.ok) throw new Error('rules');
export function testAlert(n: number, title: string): Alert {
  const item = seedItem();
  return buildAlert(
    { ...item, storyId: `s_${n}`, title },
    matchRules(item, parsed.ok ? parsed.rules : [])[0]!,
    { alertKey: `a_${n}`, isUpdate: false, reason: 'first' },
    new Date('2026-12-07T12:00:00Z'),
  );
}

describe('e-mail message', () => {
  it('has a one-line subject, a text part and an escaped HTML part with why it fired', () => {
    const alert = testAlert(1, 'Strike <script>alert(1)</script>\r\nBcc: victim@example.org');
    const mail = buildEmail(alertNotice(alert));
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject.length).toBeLessThanOrEqual(200);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail.text).toContain('Why it fired:');
    expect(mail.text).toContain(alert.explanation.matched[0]);
    expect(mail.html).toContain('Why it fired');
    expect(mail.text).toContain(alert.url);
  });

  it('lists every alert of a digest', () => {
    const alerts = [1, 2, 3].map((n) => testAlert(n, `Story ${n}`));
    const mail = buildEmail(digestNotice(alerts));
    expect(mail.subject).toMatch(/^Digest · 3 alerts/);
    for (const a of alerts) {
      expect(mail.text).toContain(a.title);
      expect(mail.html).toContain(a.title);
    }
  });
});
