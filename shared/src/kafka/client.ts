import { Kafka, logLevel, Partitioners, type Producer, type Admin, type LogEntry } from 'kafkajs';
import type { Logger } from '../log.ts';
import { registerCodecs, setProducerCompression, type KafkaCompression } from './compression.ts';

export interface KafkaClientOptions {
  brokers: readonly string[];
  clientId: string;
  log: Logger;
}

/** A KafkaJS client whose own logs go through pino (KafkaJS info is chatty: kept at debug). */
export function createKafka(options: KafkaClientOptions): Kafka {
  const log = options.log.child({ component: 'kafkajs' });
  registerCodecs();
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 300, maxRetryTime: 10_000, retries: 12 },
    logLevel: logLevel.INFO,
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...rest } = entry;
        log[pinoLevelOf(level, message)](rest, message);
      },
  });
}

/**
 * The pino level for a KafkaJS log line. KafkaJS logs every error answer to one request at
 * ERROR ("Response InitProducerId ...", e.g. a coordinator still loading after a broker start)
 * and then retries the request; an operation that finally fails reaches our code as an error,
 * which logs it. Those per-attempt lines are warnings, so an error in the logs means something.
 */
export function pinoLevelOf(level: logLevel, message: string): 'error' | 'warn' | 'debug' {
  if (level === logLevel.ERROR) return message.startsWith('Response ') ? 'warn' : 'error';
  return level === logLevel.WARN ? 'warn' : 'debug';
}

/**
 * An idempotent producer: the broker discards retried duplicates, so a retry after a lost ack
 * never writes a message twice. One request in flight keeps per-partition order. `compression`
 * (config kafka.compression, default none) is how its record batches are compressed.
 */
export async function connectProducer(
  kafka: Kafka,
  options: { compression?: KafkaCompression } = {},
): Promise<Producer> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    // An idempotent producer retries until the broker answers (KafkaJS requires unlimited
    // retries for it): a send during a broker outage waits instead of failing, and nothing is lost.
    retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 10_000 },
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  if (options.compression) setProducerCompression(producer, options.compression);
  await producer.connect();
  return producer;
}

/** Readiness check: the cluster answers a metadata request. */
export async function pingKafka(admin: Admin): Promise<void> {
  await admin.describeCluster();
}

export interface BrokerProbe {
  /** Rejects with a plain-words reason unless the cluster answers a Metadata request now. */
  check(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A readiness probe for consumers: their group membership alone does not notice a broker that is
 * down (KafkaJS keeps retrying fetches for a minute before the consumer crashes), so readiness
 * also asks the cluster for metadata. Its own admin client without retries, one request in flight
 * at a time: polling it during an outage neither waits through the retry schedule nor piles up
 * requests; the client reconnects by itself when the broker is back.
 */
export function brokerProbe(kafka: Kafka, timeoutMs = 1500): BrokerProbe {
  const admin = kafka.admin({ retry: { retries: 0 } });
  let connected: Promise<void> | null = null;
  let inflight: Promise<void> | null = null;
  const once = async () => {
    connected ??= admin.connect().catch((err: unknown) => {
      connected = null;
      throw err;
    });
    await connected;
    await admin.describeCluster();
  };
  return {
    check() {
      const p = (inflight ??= once().finally(() => (inflight = null)));
      return new Promise<void>((resolve, reject) => {
        const t = setTimeout(
          () => reject(new Error(`broker did not answer within ${timeoutMs} ms`)),
          timeoutMs,
        );
        p.then(
          () => (clearTimeout(t), resolve()),
          (err: unknown) => (
            clearTimeout(t),
            reject(new Error(`broker unreachable: ${(err as Error).message}`))
          ),
        );
      });
    },
    close: () => admin.disconnect(),
  };
}
