import { describe, it, expect, vi, afterEach } from 'vitest';
import { keepAlive, rejoinError } from './session-keeper.ts';

const protocolError = (type: string) => Object.assign(new Error(type), { type });

describe('rejoinError', () => {
  it('finds the group error under the wrappers KafkaJS puts around a failed commit', () => {
    const cause = protocolError('UNKNOWN_MEMBER_ID');
    const wrapped = Object.assign(new Error('retries'), { cause: new Error('x', { cause }) });
    expect(rejoinError(wrapped)).toBe(cause);
    expect(rejoinError(protocolError('REBALANCE_IN_PROGRESS'))?.type).toBe('REBALANCE_IN_PROGRESS');
  });

  it('leaves other errors alone', () => {
    expect(rejoinError(protocolError('NOT_LEADER_FOR_PARTITION'))).toBeNull();
    expect(rejoinError(new Error('connection refused'))).toBeNull();
    expect(rejoinError(undefined)).toBeNull();
  });
});

describe('keepAlive', () => {
  afterEach(() => void vi.useRealTimers());

  it('heartbeats while the batch shows progress, and stops after maxStallMs without', async () => {
    vi.useFakeTimers();
    const heartbeat = vi.fn(() => Promise.resolve());
    const state = keepAlive(heartbeat, 3000, 10_000);
    await vi.advanceTimersByTimeAsync(9000);
    expect(heartbeat).toHaveBeenCalledTimes(6);
    state.progress();
    await vi.advanceTimersByTimeAsync(9000);
    expect(heartbeat).toHaveBeenCalledTimes(12);
    await vi.advanceTimersByTimeAsync(6000);
    const calls = heartbeat.mock.calls.length;
    await vi.advanceTimersByTimeAsync(6000);
    expect(heartbeat).toHaveBeenCalledTimes(calls);
    state.stop();
  });

  it('reports a rejoin condition once, and ignores an unreachable broker', async () => {
    vi.useFakeTimers();
    const errors = [new Error('ECONNREFUSED'), protocolError('REBALANCE_IN_PROGRESS')];
    const heartbeat = vi.fn(() =>
      Promise.reject(errors.shift() ?? protocolError('ILLEGAL_GENERATION')),
    );
    const state = keepAlive(heartbeat, 3000, 60_000);
    await vi.advanceTimersByTimeAsync(1500);
    expect(state.lost()).toBeNull();
    await vi.advanceTimersByTimeAsync(3000);
    expect(state.lost()?.type).toBe('REBALANCE_IN_PROGRESS');
    state.stop();
    const calls = heartbeat.mock.calls.length;
    await vi.advanceTimersByTimeAsync(6000);
    expect(heartbeat).toHaveBeenCalledTimes(calls);
  });
});
