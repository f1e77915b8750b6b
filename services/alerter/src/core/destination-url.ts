// The pure, config-time half of the SSRF guard for destination URLs: http(s) only, no embedded
// credentials, and no loopback, private, link-local, unique-local or IPv4-mapped IP literal (or
// localhost) unless the policy allows it, so a bad URL stops boot with a message naming it.
// Host names are resolved and every address checked at send time, on every attempt, by
// io/destination-guard.ts (`@faultline/shared/net`), which also defeats DNS rebinding.

const PRIVATE_V4 = [
  [0x7f000000, 8], // 127/8
  [0x0a000000, 8], // 10/8
  [0xac100000, 12], // 172.16/12
  [0xc0a80000, 16], // 192.168/16
  [0xa9fe0000, 16], // 169.254/16 (cloud metadata)
  [0x64400000, 10], // 100.64/10 (CGNAT)
  [0x00000000, 8], // 0/8
] as const;

function ipv4(host: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const v4 = ipv4(host);
  if (v4 !== null)
    return PRIVATE_V4.some(([net, bits]) => (v4 & (~0 << (32 - bits))) >>> 0 === net);
  if (host.includes(':'))
    return (
      host === '::1' ||
      host === '::' ||
      /^f[cd]/.test(host) ||
      /^fe[89ab]/.test(host) ||
      host.startsWith('::ffff:')
    );
  return false;
}

export interface UrlPolicy {
  allowPrivate: boolean;
  allowHosts?: readonly string[];
}

/** Null when the URL may be used as a destination, else why not. */
export function checkDestinationUrl(url: string, policy: boolean | UrlPolicy): string | null {
  const { allowPrivate, allowHosts = [] } =
    typeof policy === 'boolean' ? { allowPrivate: policy } : policy;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return `scheme ${u.protocol} not allowed`;
  if (u.username || u.password) return 'URLs with embedded credentials are refused';
  const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const allowed =
    allowPrivate || allowHosts.some((h) => h.replace(/^\[|\]$/g, '').toLowerCase() === host);
  if (!allowed && (isPrivateHost(u.hostname) || METADATA_NAMES.has(host)))
    return 'private, loopback or metadata address (allow it with alerter.allowPrivateAddresses or alerter.allowHosts)';
  return null;
}

const METADATA_NAMES = new Set(['metadata.google.internal', 'metadata', 'instance-data']);
