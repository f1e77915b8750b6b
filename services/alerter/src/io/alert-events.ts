import type { Producer } from 'kafkajs';
import type { Alert, AlertEvent } from '@faultline/shared/schemas';
import { produceMessages, envelopeMessage, type OutMessage } from '@faultline/shared/kafka';
import { describeError } from '@faultline/shared/errors';
import { hashId } from '@faultline/shared/ids';
import type { Logger } from '@faultline/shared/log';
import type { HistoryWriter } from '@faultline/shared/state/alert-history';
import type { Enqueuer } from './jobs.ts';

// Every alert and every delivery outcome, published to the `alerts` topic for the archive.
// Never on the alert path: events go into a bounded buffer and a background loop sends them, so
// a slow or absent Kafka (or archive) cannot delay an alert; when the buffer is full the oldest
// events are dropped and counted. An alert event's id is its alert key (a replayed alert is the
// same event, stored once by the archive); a delivery event's id is a hash of what it says.

export interface AlertEventSink {
  publish(event: AlertEvent): void;
  /** Starts sending through this producer (the delivery workers start before it exists). */
  attach(producer: Producer): void;
  /** Sends what is buffered (bounded wait), then stops. */
  close(timeoutMs?: number): Promise<void>;
  dropped(): number;
}

export function createAlertEventSink(options: {
  topic: string;
  log: Logger;
  maxBuffered?: number;
  intervalMs?: number;
}): AlertEventSink {
  const max = options.maxBuffered ?? 10_000;
  let buffer: OutMessage[] = [];
  let producer: Producer | undefined;
  let dropped = 0;
  let sending: Promise<void> | undefined;
  let closed = false;
  const send = async () => {
    if (!producer || !buffer.length) return;
    const batch = buffer.splice(0, 500);
    try {
      await produceMessages(producer, batch);
    } catch (err) {
      // Put them back in front (newest kept when over the bound) and try again next tick.
      buffer = [...batch, ...buffer];
      if (buffer.length > max) {
        dropped += buffer.length - max;
        buffer = buffer.slice(buffer.length - max);
      }
      options.log.warn({ err: describeError(err) }, 'alert events not published yet');
    }
  };
  const tick = () => {
    sending ??= send().finally(() => (sending = undefined));
  };
  const timer = setInterval(tick, options.intervalMs ?? 200);
  timer.unref();
  return {
    publish(event) {
      if (closed) return;
      const id =
        event.kind === 'alert' ? event.alert.alertKey : `d_${hashId(JSON.stringify(event))}`;
      const key = event.kind === 'alert' ? event.alert.alertKey : event.alertKey;
      buffer.push(envelopeMessage(options.topic, key, id, event));
      if (buffer.length > max) {
        dropped++;
        buffer.shift();
      }
    },
    attach(p) {
      producer = p;
    },
    async close(timeoutMs = 2000) {
      closed = true;
      clearInterval(timer);
      const deadline = Date.now() + timeoutMs;
      // Each wait is bounded too: a send to a broker that stopped answering never settles.
      while (producer && (buffer.length || sending) && Date.now() < deadline) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          sending ?? (tick(), sending),
          new Promise((r) => (timer = setTimeout(r, Math.max(1, deadline - Date.now())))),
        ]);
        clearTimeout(timer);
      }
      if (buffer.length)
        options.log.warn({ events: buffer.length }, 'alert events left unpublished at shutdown');
    },
    dropped: () => dropped,
  };
}

/** The history, publishing each delivery outcome too. */
export function publishingHistory(history: HistoryWriter, sink: AlertEventSink): HistoryWriter {
  return {
    async record(entry) {
      await history.record(entry);
      if (entry.type === 'delivery' && entry.outcome)
        sink.publish({
          kind: 'delivery',
          alertKey: entry.alertKey,
          destination: entry.destination ?? '',
          outcome: entry.outcome,
          ...(entry.attempt !== undefined ? { attempt: entry.attempt } : {}),
          ...(entry.status !== undefined ? { status: entry.status } : {}),
          ...(entry.ms !== undefined ? { ms: entry.ms } : {}),
          ...(entry.error !== undefined ? { error: entry.error } : {}),
          at: entry.at ?? new Date().toISOString(),
        });
    },
  };
}

/** The enqueuer, publishing each alert once its jobs are in Redis. */
export function publishingEnqueuer(enqueuer: Enqueuer, sink: AlertEventSink): Enqueuer {
  return {
    async enqueue(alert: Alert, options) {
      const ids = await enqueuer.enqueue(alert, options);
      sink.publish({ kind: 'alert', alert });
      return ids;
    },
    close: () => enqueuer.close(),
  };
}
