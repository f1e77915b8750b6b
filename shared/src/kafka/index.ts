export * from './client.ts';
export * from './topics-bootstrap.ts';
export * from './consumer-runner.ts';
export * from './produce.ts';
export { type KafkaCompression } from './compression.ts';
