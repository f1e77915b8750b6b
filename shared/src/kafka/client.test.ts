import { describe, it, expect } from 'vitest';
import { logLevel } from 'kafkajs';
import { pinoLevelOf } from './client.ts';

describe('pinoLevelOf', () => {
  it('keeps KafkaJS errors as errors, except one request answered with an error', () => {
    expect(pinoLevelOf(logLevel.ERROR, 'Crash: KafkaJSNumberOfRetriesExceeded')).toBe('error');
    expect(pinoLevelOf(logLevel.ERROR, 'Response InitProducerId(key: 22, version: 1)')).toBe(
      'warn',
    );
    expect(pinoLevelOf(logLevel.WARN, 'Failed to connect')).toBe('warn');
    expect(pinoLevelOf(logLevel.INFO, 'Consumer has joined the group')).toBe('debug');
  });
});
