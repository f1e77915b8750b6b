import { describe, expect, it } from 'vitest';
import { loadConfig } from '@faultline/shared/config';
import { DashboardConfig, authRequired } from './config.ts';

const load = (env: Record<string, string>) => loadConfig(DashboardConfig, { env, file: null });

describe('DashboardConfig', () => {
  it('treats an empty token (compose passes ${DASHBOARD_TOKEN:-}) as no token', () => {
    const c = load({ FAULTLINE_DASHBOARD__TOKEN: '' });
    expect(c.dashboard.token).toBeUndefined();
    expect(authRequired(c.dashboard)).toBe(false);
  });
  it('keeps a numeric-looking token as a string', () => {
    expect(load({ FAULTLINE_DASHBOARD__TOKEN: '0123456789' }).dashboard.token).toBe('0123456789');
    expect(load({ FAULTLINE_DASHBOARD__TOKEN: '123456789' }).dashboard.token).toBe('123456789');
  });
  it('ignores unknown keys of the peer sections it reads', () => {
    const c = loadConfig(DashboardConfig, {
      raw: { alerter: { redisPrefix: 'x:', destinations: { a: 1 } }, poller: { keyPrefix: 'p:' } },
      env: {},
    });
    expect(c.alerter?.redisPrefix).toBe('x:');
    expect(c.poller?.keyPrefix).toBe('p:');
    expect(c.dashboard.refreshMs).toBe(1000);
  });
});
