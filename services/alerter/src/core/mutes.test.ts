import { describe, it, expect } from 'vitest';
import { findMute } from './mutes.ts';
import type { Mute } from '@faultline/shared/state/mute-record';
import { seedItem } from '../fixtures/analyzed-items.ts';

const now = new Date('2024-01-01T00:00:00Z');
const mute = (kind: Mute['kind'], value: string, until = '2024-01-02T00:00:00Z'): Mute => ({
  kind,
  value,
  until,
  createdAt: '2023-12-31T00:00:00Z',
});

describe('findMute', () => {
  it('silences by rule, feed and entity (id or name) until expiry', () => {
    const item = seedItem();
    expect(findMute('r', item, [mute('rule', 'r')], now)?.kind).toBe('rule');
    expect(findMute('r', item, [mute('rule', 'other')], now)).toBeNull();
    expect(findMute('r', item, [mute('feed', 'f_seedfeed')], now)?.kind).toBe('feed');
    expect(findMute('r', item, [mute('entity', 'org:nato')], now)?.kind).toBe('entity');
    expect(findMute('r', item, [mute('entity', 'Vladimir Putin')], now)?.kind).toBe('entity');
    expect(findMute('r', item, [mute('rule', 'r', '2023-12-31T23:59:59Z')], now)).toBeNull();
  });
});
