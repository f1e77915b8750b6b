import { describe, it, expect } from 'vitest';
import { testAlert } from '../fixtures/alerts.ts';
import { alertNotice, digestNotice } from './notice.ts';
import { buildEmail } from './email-message.ts';

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
