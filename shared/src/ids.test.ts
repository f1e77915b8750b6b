import { describe, it, expect } from 'vitest';
import { alertKeyFor, feedIdFor, hashId, itemIdFor } from './ids.ts';

describe('ids', () => {
  it('are stable and distinct per input', () => {
    expect(feedIdFor('https://a/rss')).toBe(feedIdFor('https://a/rss'));
    expect(feedIdFor('https://a/rss')).not.toBe(feedIdFor('https://b/rss'));
    expect(itemIdFor('f', 'g')).toMatch(/^i_[0-9a-f]{20}$/);
    expect(alertKeyFor('r', 's')).not.toBe(alertKeyFor('r', 's', 1));
  });

  it('separate their parts, so concatenations do not collide', () => {
    expect(hashId('ab', 'c')).not.toBe(hashId('a', 'bc'));
  });
});
