export * from './envelope.ts';
export * from './raw-item.ts';
export * from './clean-item.ts';
export * from './analyzed-item.ts';
export * from './alert.ts';
export * from './alert-event.ts';
