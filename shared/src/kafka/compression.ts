import kafkajs, { type Producer } from 'kafkajs';
import lz4napi from 'lz4-napi';

// Both are CommonJS modules whose exports Node cannot list for an ESM import: taken from the
// default export.
const { CompressionCodecs, CompressionTypes } = kafkajs;
const { compressFrameSync, decompressFrameSync } = lz4napi;

// Kafka record-batch compression. KafkaJS ships only gzip; LZ4 (the LZ4 frame format Kafka
// uses) comes from lz4-napi, a maintained binding with its binary inside the npm package. The
// codec is registered once for every client in the process, so a consumer reads LZ4 batches
// whichever producer wrote them; producers compress only when `kafka.compression` says so.

export type KafkaCompression = 'none' | 'gzip' | 'lz4';

const byProducer = new WeakMap<Producer, KafkaCompression>();

let registered = false;

/** Registers the LZ4 codec with KafkaJS (idempotent). */
export function registerCodecs(): void {
  if (registered) return;
  registered = true;
  // Batches are small (a flush of a few hundred messages): the synchronous calls cost less than
  // a hop to the thread pool.
  const lz4 = {
    compress: async (encoder: { buffer: Buffer }) => compressFrameSync(encoder.buffer),
    decompress: async (buffer: Buffer) => decompressFrameSync(buffer),
  };
  CompressionCodecs[CompressionTypes.LZ4] = () => lz4;
}

/** The KafkaJS compression type for a configured name. */
export function compressionType(name: KafkaCompression): kafkajs.CompressionTypes {
  return name === 'lz4'
    ? CompressionTypes.LZ4
    : name === 'gzip'
      ? CompressionTypes.GZIP
      : CompressionTypes.None;
}

/** Remembers how a producer compresses what it sends (connectProducer's option). */
export function setProducerCompression(producer: Producer, name: KafkaCompression): void {
  byProducer.set(producer, name);
}

/** The KafkaJS compression type of a producer's sends (none unless set). */
export function producerCompression(producer: Producer): kafkajs.CompressionTypes {
  return compressionType(byProducer.get(producer) ?? 'none');
}
