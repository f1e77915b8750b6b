import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { BaseConfig, ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('fills defaults when nothing is configured', () => {
    const config = loadConfig(BaseConfig, { raw: {}, env: {} });
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(Object.isFrozen(config.kafka)).toBe(true);
  });

  it('applies the well-known variables and FAULTLINE_ overrides over the file', () => {
    const config = loadConfig(BaseConfig, {
      raw: { kafka: { partitions: 3 } },
      env: {
        KAFKA_BROKERS: 'a:9092, b:9093',
        REDIS_URL: 'redis://cache:6380',
        FAULTLINE_KAFKA__PARTITIONS: '6',
        FAULTLINE_PORTS__CLEANER: '0',
      },
    });
    expect(config.kafka.brokers).toEqual(['a:9092', 'b:9093']);
    expect(config.kafka.partitions).toBe(6);
    expect(config.redis.url).toBe('redis://cache:6380');
    expect(config.ports.cleaner).toBe(0);
  });

  it('names the bad key in a clear message', () => {
    expect(() =>
      loadConfig(BaseConfig, { raw: { kafka: { partitions: 'many' } }, env: {} }),
    ).toThrow(/invalid config \(inline\): kafka\.partitions: .*number/);
    expect(() => loadConfig(BaseConfig, { raw: {}, env: { KAFKA_BROKERS: 'no-port' } })).toThrow(
      /kafka\.brokers\.0: expected host:port/,
    );
  });

  it('lets a service extend the base with its own section', () => {
    const Schema = BaseConfig.extend({ cleaner: z.object({ windowHours: z.number() }) });
    expect(() => loadConfig(Schema, { raw: {}, env: {} })).toThrow(ConfigError);
    const c = loadConfig(Schema, { raw: {}, env: { FAULTLINE_CLEANER__WINDOW_HOURS: '48' } });
    expect(c.cleaner.windowHours).toBe(48);
  });

  it('reports a missing file by its path', () => {
    expect(() => loadConfig(BaseConfig, { file: '/nope/faultline.yaml', env: {} })).toThrow(
      /config file not found: \/nope\/faultline\.yaml/,
    );
  });
});
