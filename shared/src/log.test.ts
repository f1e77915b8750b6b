import { describe, it, expect } from 'vitest';
import { Writable } from 'node:stream';
import { createLogger, scrubSecrets } from './log.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { lines, stream };
}

const SLACK = 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX';

describe('logger', () => {
  it('never writes secrets, whether by key, inside values or in the message', () => {
    const { lines, stream } = capture();
    const log = createLogger({ service: 'test', destination: stream });
    log.info({ token: 'abc123', channel: { webhookUrl: SLACK } }, 'configured');
    log.info({ detail: `posting to ${SLACK} failed` }, `retrying ${SLACK}`);
    log.warn({ headers: { authorization: 'Bearer s3cr3t' } }, 'auth');
    log.error({ err: new Error(`fetch ${SLACK} failed`) }, 'boom');
    log.info({ url: 'https://user:hunter2@example.com/feed?token=zzz&x=1' }, 'feed');
    const out = lines.join('');
    for (const secret of ['abc123', 'XXXXXXXXXXXXXXXX', 's3cr3t', 'hunter2', 'zzz'])
      expect(out).not.toContain(secret);
    expect(out).toContain('[REDACTED]');
    expect(out).toContain('"service":"test"');
  });

  it('leaves ordinary text alone', () => {
    expect(scrubSecrets('Putin wants talks with NATO')).toBe('Putin wants talks with NATO');
    expect(scrubSecrets('https://example.com/world/rss.xml')).toBe(
      'https://example.com/world/rss.xml',
    );
  });
});
