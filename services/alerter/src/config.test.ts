import { describe, it, expect } from 'vitest';
import { loadConfig } from '@faultline/shared/config';
import { AlerterConfig } from './config.ts';
import { checkDestinationUrl } from './core/destination-url.ts';

const load = (raw: unknown) => loadConfig(AlerterConfig, { raw, env: {} });

describe('alerter config: names follow the deployment prefixes', () => {
  it('keeps the standard names in the default deployment', () => {
    const c = load({}).alerter;
    expect(c).toMatchObject({
      redisPrefix: 'faultline:',
      topics: { analyzed: 'news.analyzed', tensionEvents: 'tension.events' },
      groupId: 'faultline-alerter',
      trendGroupId: 'faultline-alerter-trend',
      queues: { slack: 'deliver-slack', webhook: 'deliver-webhook', notify: 'deliver-notify' },
    });
  });

  it('derives topics, groups, keys and queues from kafka.topicPrefix and redis.keyPrefix', () => {
    const c = load({ kafka: { topicPrefix: 'st1.' }, redis: { keyPrefix: 'st1:' } }).alerter;
    expect(c).toMatchObject({
      redisPrefix: 'st1:',
      topics: { analyzed: 'st1.news.analyzed', tensionEvents: 'st1.tension.events' },
      groupId: 'st1.faultline-alerter',
      trendGroupId: 'st1.faultline-alerter-trend',
      queues: {
        slack: 'st1-deliver-slack',
        webhook: 'st1-deliver-webhook',
        notify: 'st1-deliver-notify',
      },
    });
  });

  it('lets the alerter section override any of them', () => {
    const c = load({
      kafka: { topicPrefix: 'p.' },
      alerter: { topics: { analyzed: 'x' }, queues: { slack: 'q' }, redisPrefix: 'r:' },
    }).alerter;
    expect(c.topics).toEqual({
      analyzed: 'x',
      tensionEvents: 'p.tension.events',
      alerts: 'p.alerts',
    });
    expect(c.queues).toEqual({ slack: 'q', webhook: 'deliver-webhook', notify: 'deliver-notify' });
    expect(c.redisPrefix).toBe('r:');
  });

  it('refuses private destination URLs at boot unless allowed', () => {
    const destinations = { hook: { type: 'slack', url: 'http://169.254.169.254/latest' } };
    expect(() => load({ alerter: { destinations } })).toThrow(/destinations\.hook\.url.*private/);
    expect(() => load({ alerter: { destinations, allowPrivateAddresses: true } })).not.toThrow();
    expect(() =>
      load({ alerter: { destinations, allowHosts: ['169.254.169.254'] } }),
    ).not.toThrow();
  });
});

describe('checkDestinationUrl (pure, IP literals only)', () => {
  it.each([
    'http://127.0.0.1:8080/hook',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://10.0.0.5/',
    'http://192.168.1.1/',
    'http://localhost/',
    'http://metadata.google.internal/',
    'ftp://example.com/',
    'https://user:pw@example.com/',
  ])('refuses %s', (url) => expect(checkDestinationUrl(url, false)).not.toBeNull());
  it('allows public URLs and what the policy allows', () => {
    expect(checkDestinationUrl('https://hooks.slack.com/services/T/B/x', false)).toBeNull();
    expect(
      checkDestinationUrl('http://10.0.0.5/', { allowPrivate: false, allowHosts: ['10.0.0.5'] }),
    ).toBeNull();
  });
});

describe('alerter config: notify channels', () => {
  it('names the key of a secret whose environment variable is unset, never a value', () => {
    const destinations = {
      pd: { type: 'pagerduty', routingKeyEnv: 'FAULTLINE_TEST_UNSET_PD_KEY' },
      mail: {
        type: 'email',
        host: 'smtp.example.org',
        from: 'a@example.org',
        to: ['not-an-address'],
      },
    };
    expect(() => load({ alerter: { destinations } })).toThrow(
      /destinations\.pd\.routingKeyEnv: environment variable FAULTLINE_TEST_UNSET_PD_KEY is not set/,
    );
    expect(() => load({ alerter: { destinations } })).toThrow(/destinations\.mail\.to\.0/);
  });

  it('checks Teams, Discord and Telegram URLs with the SSRF policy', () => {
    process.env.FAULTLINE_TEST_BOT = 'x';
    const destinations = {
      tg: {
        type: 'telegram',
        apiBase: 'http://10.0.0.1',
        botTokenEnv: 'FAULTLINE_TEST_BOT',
        chatId: 42,
      },
    };
    expect(() => load({ alerter: { destinations } })).toThrow(/destinations\.tg\.apiBase.*private/);
    delete process.env.FAULTLINE_TEST_BOT;
  });
});
