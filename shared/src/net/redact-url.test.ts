import { describe, it, expect } from 'vitest';
import { createLogger } from '../log.ts';
import { assertPublicUrl } from './address-guard.ts';
import { redactUrl, redactUrlsIn } from './redact-url.ts';

describe('redactUrl', () => {
  it('drops credentials and query values, keeps the place', () => {
    expect(redactUrl('https://u:pw@ex.org/feed.xml?token=s3cret&page=2#x')).toBe(
      'https://ex.org/feed.xml?token=[REDACTED]&page=2',
    );
    expect(redactUrl('https://ex.org/a')).toBe('https://ex.org/a');
    expect(redactUrlsIn('GET https://ex.org/f?api_key=abc failed')).toBe(
      'GET https://ex.org/f?api_key=[REDACTED] failed',
    );
  });
  it('keeps a bad URL out of the error message (it echoed 200 characters)', async () => {
    const err = await assertPublicUrl('http://[bad?token=s3cret-value').catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^not a valid URL: http:\/\/\[bad…$/);
    expect((err as Error).message).not.toContain('s3cret');
    const creds = await assertPublicUrl('http://user:hunter2@[::1').catch((e: Error) => e);
    expect((creds as Error).message).not.toContain('hunter2');
  });
  it('scrubs secret query values in every log line', () => {
    const lines: string[] = [];
    const log = createLogger({
      service: 't',
      destination: { write: (s: string) => void lines.push(s) },
    });
    const url = 'https://ex.org/f?api_key=k1&X-Amz-Signature=k2&access-token=k3&password=k4';
    log.info({ url }, `fetching ${url}`);
    log.error({ err: new Error(`failed: ${url}`) }, 'boom');
    const out = lines.join('');
    for (const secret of ['k1', 'k2', 'k3', 'k4']) expect(out).not.toContain(`=${secret}`);
  });
});
