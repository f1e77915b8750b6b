import { describe, expect, it } from 'vitest';
import { decodeState, encodeState } from './alert-story-record.ts';
import type { StoryState } from './alert-story-record.ts';

const state: StoryState = {
  revision: 2,
  lastAlertAt: '2026-11-29T06:47:56.571Z',
  score: 0.713,
  actors: ['ORG:NATO', 'RUS'],
  topics: ['military-buildup', 'sanctions'],
  updates: 1,
};

describe('story state codec', () => {
  it('round-trips a state in the compact form', () => {
    const raw = encodeState(state);
    expect(raw).toBe('2|1795934876571|0.713|1|ORG:NATO,RUS|military-buildup,sanctions');
    expect(decodeState(raw)).toEqual(state);
  });

  it('keeps empty lists empty', () => {
    const bare = { ...state, actors: [], topics: [] };
    expect(decodeState(encodeState(bare))).toEqual(bare);
  });

  it('reads the earlier JSON form, and falls back to it for ids holding a separator', () => {
    expect(decodeState(JSON.stringify(state))).toEqual(state);
    const odd = { ...state, actors: ['LOC:a,b'] };
    expect(encodeState(odd)).toBe(JSON.stringify(odd));
    expect(decodeState(encodeState(odd))).toEqual(odd);
  });

  it('answers null for a value that is not a state', () => {
    expect(decodeState('x|y')).toBeNull();
    expect(decodeState('{"revision":-1}')).toBeNull();
  });
});
