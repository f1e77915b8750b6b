export * from './redis.ts';
export * from './worker-factory.ts';
