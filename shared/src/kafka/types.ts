// The message types the consumer runner and the producer share (a leaf: it imports nothing).

/** One message a handler asks to publish: its value is wrapped in the envelope on the way out. */
export interface OutMessage {
  topic: string;
  key: string;
  value: unknown;
  headers?: Record<string, string>;
}
