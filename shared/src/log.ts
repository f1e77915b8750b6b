import { pino, type Logger, type DestinationStream } from 'pino';

// One pino root per process with child loggers per component. Secrets never reach the output:
// known secret keys are redacted by path, and any string that looks like a webhook URL, a token
// or credentials inside a URL is scrubbed wherever it appears, message text included.

export type { Logger };

const SECRET_KEYS = [
  'token',
  'secret',
  'password',
  'authorization',
  'webhookUrl',
  'signingSecret',
  'apiKey',
];

const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]).concat([
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
]);

const SECRET_PATTERNS: RegExp[] = [
  /https:\/\/hooks\.slack\.com\/[^\s"']+/g,
  /https:\/\/discord(?:app)?\.com\/api\/webhooks\/[^\s"']+/g,
  /\bxox[abposr]-[A-Za-z0-9-]+/g,
  /\bwhsec_[A-Za-z0-9+/=]+/g,
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi,
  /(?<=\/\/)[^/\s:@]+:[^/\s@]+(?=@)/g,
  /(?<=[?&][\w.-]*(?:token|key|secret|sig|signature|password|passwd|pwd|pass|auth|session|sid|credential|code)[\w.-]*=)[^&\s"'#]+/gi,
];

/** Replaces anything that looks like a secret in a string with [REDACTED]. */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const re of SECRET_PATTERNS) out = out.replace(re, '[REDACTED]');
  return out;
}

function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubSecrets(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
  if (value instanceof Error) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, depth + 1);
  return out;
}

export interface LoggerOptions {
  service: string;
  level?: string;
  /** Where to write; tests pass a stream sink to read the output. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      formatters: { log: (obj) => scrubDeep(obj) as Record<string, unknown> },
      serializers: {
        err: (err: Error) => ({
          type: err.name,
          message: scrubSecrets(err.message),
          stack: err.stack ? scrubSecrets(err.stack) : undefined,
        }),
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? pino.destination(1),
  );
}
