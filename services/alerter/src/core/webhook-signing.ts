import { createHmac, timingSafeEqual } from 'node:crypto';

// Standard Webhooks signing: `webhook-signature: v1,<base64 HMAC-SHA256(key, "id.timestamp.body")>`
// where the key is the base64 part of a `whsec_...` secret. Several secrets (rotation) yield
// several space-separated signatures. Verification rejects stale timestamps (replays).

export const WEBHOOK_SCHEMA_VERSION = 1;

export function secretKey(secret: string): Buffer {
  const b64 = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  const key = Buffer.from(b64, 'base64');
  if (key.length < 16) throw new Error('webhook secret must be whsec_<base64 of >= 16 bytes>');
  return key;
}

export function signPayload(key: Buffer, id: string, timestamp: number, body: string): string {
  return createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
}

export type SignedHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

export function signWebhook(
  secrets: string[],
  id: string,
  body: string,
  now: Date = new Date(),
): SignedHeaders {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets
      .map((s) => `v1,${signPayload(secretKey(s), id, timestamp, body)}`)
      .join(' '),
  };
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/** Receiver side: checks headers, timestamp tolerance (default 5 min) and any v1 signature. */
export function verifyWebhook(
  secret: string,
  headers: Partial<Record<string, string | string[] | undefined>>,
  body: string,
  now: Date = new Date(),
  toleranceSeconds = 300,
): VerifyResult {
  const get = (k: string) => {
    const v = headers[k];
    return Array.isArray(v) ? v[0] : v;
  };
  const id = get('webhook-id');
  const ts = get('webhook-timestamp');
  const sig = get('webhook-signature');
  if (!id || !ts || !sig) return { ok: false, reason: 'missing webhook headers' };
  const timestamp = Number(ts);
  if (!Number.isInteger(timestamp)) return { ok: false, reason: 'bad timestamp' };
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds)
    return { ok: false, reason: 'timestamp outside tolerance (possible replay)' };
  const expected = Buffer.from(signPayload(secretKey(secret), id, timestamp, body), 'base64');
  for (const part of sig.split(' ')) {
    const [version, value] = part.split(',', 2);
    if (version !== 'v1' || !value) continue;
    const given = Buffer.from(value, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: 'no matching signature' };
}
