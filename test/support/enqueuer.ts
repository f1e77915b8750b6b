import type { ConnectionOptions } from 'bullmq';
import { createEnqueuer, type AlerterSection, type Enqueuer } from '@faultline/alerter';

// The alerter's enqueuer as the delivery tests set it up (alerter-{briefs,channels,email,seed}):
// a test config's queues, destinations and delivery policy; an alert for a destination the
// config does not name fails the test (the enqueue rejects) instead of being dropped.

export function testEnqueuer(
  connection: ConnectionOptions,
  config: Pick<AlerterSection, 'queues' | 'destinations' | 'delivery'>,
): Enqueuer {
  return createEnqueuer(
    connection,
    config.queues,
    () => config.destinations,
    config.delivery,
    (destination) => {
      throw new Error(`unknown destination: ${destination}`);
    },
  );
}
