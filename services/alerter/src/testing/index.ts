// The alerter's test support face ('@faultline/alerter/testing'): a local webhook/Slack receiver
// and analyzed-item fixtures, for benches and tests. Never imported by production code.
export { startReceiver, type Receiver, type Received, type Reply } from './receiver.ts';
export { seedItem, celebrityTailItem, syntheticItem } from '../fixtures/analyzed-items.ts';
