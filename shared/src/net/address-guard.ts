import { BlockList, isIP, type LookupFunction } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { promisify } from 'node:util';

// SSRF guard: a URL we fetch on a user's behalf (feeds, article pages, webhooks) must not reach
// loopback, private networks, link-local or cloud metadata addresses unless the operator allows
// it. The check runs on the URL before each hop and again inside the connection's DNS lookup, so
// a name that re-resolves to a private address between the check and the connect is refused too.

export interface AddressPolicy {
  /** Allow every address (tests, fully trusted deployments). */
  allowPrivate?: boolean;
  /** Host names or IP literals allowed even when they resolve to a private address. */
  allowHosts?: readonly string[];
}

export type NetErrorCode =
  | 'bad-url'
  | 'blocked-address'
  | 'dns'
  | 'timeout'
  | 'too-large'
  | 'too-many-redirects'
  | 'network'
  | 'bad-encoding';

/** A fetch that failed for a reason worth showing to a user in plain words. */
export class NetError extends Error {
  override readonly name = 'NetError';
  constructor(
    readonly code: NetErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8], // RFC 1918
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12], // RFC 1918
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // TEST-NET-1
  ['192.168.0.0', 16], // RFC 1918
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // TEST-NET-2
  ['203.0.113.0', 24], // TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved + broadcast
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local (includes fd00:ec2::254, AWS metadata over IPv6)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const)
  blocked.addSubnet(net, prefix, 'ipv6');

const METADATA_NAMES = new Set(['metadata.google.internal', 'metadata', 'instance-data']);

/** An IPv4 address embedded in an IPv6 one (mapped ::ffff:a.b.c.d, NAT64, 6to4), if any. */
function embeddedIPv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|::ffff:0:|64:ff9b::|::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const hi = parseInt(hex[1]!, 16);
    const lo = parseInt(hex[2]!, 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  const sixToFour = /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4}):/.exec(lower);
  if (sixToFour) {
    const hi = parseInt(sixToFour[1]!, 16);
    const lo = parseInt(sixToFour[2]!, 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return null;
}

/** True when an IP address is loopback, private, link-local, CGNAT, metadata, ULA or reserved. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) {
    const v4 = embeddedIPv4(address);
    if (v4 !== null && isIP(v4) === 4) return blocked.check(v4, 'ipv4');
    return blocked.check(address, 'ipv6');
  }
  return true; // not an address at all: refuse
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function isAllowedHost(host: string, policy: AddressPolicy): boolean {
  if (policy.allowPrivate) return true;
  const h = stripBrackets(host).toLowerCase();
  return (policy.allowHosts ?? []).some((a) => stripBrackets(a).toLowerCase() === h);
}

const lookupAll = promisify(dnsLookup) as unknown as (
  host: string,
  options: { all: true },
) => Promise<LookupAddress[]>;

/**
 * Throws a NetError unless `url` is http(s) and every address its host resolves to is public
 * (or the policy allows it). Returns the parsed URL.
 */
export async function assertPublicUrl(url: string | URL, policy: AddressPolicy = {}): Promise<URL> {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    throw new NetError('bad-url', `not a valid URL: ${String(url).slice(0, 200)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new NetError(
      'bad-url',
      `only http and https URLs can be fetched, not ${parsed.protocol}`,
    );
  if (parsed.username || parsed.password)
    throw new NetError('bad-url', 'URLs with embedded credentials are refused');
  const host = stripBrackets(parsed.hostname);
  if (isAllowedHost(host, policy)) return parsed;
  if (METADATA_NAMES.has(host.toLowerCase()) || host.toLowerCase() === 'localhost')
    throw new NetError('blocked-address', `${host} is a local or metadata host and is refused`);
  if (isIP(host)) {
    if (isPrivateAddress(host))
      throw new NetError('blocked-address', `${host} is a private or reserved address`);
    return parsed;
  }
  let addresses: LookupAddress[];
  try {
    addresses = await lookupAll(host, { all: true });
  } catch (err) {
    throw new NetError('dns', `the name ${host} does not resolve`, { cause: err });
  }
  const bad = addresses.find((a) => isPrivateAddress(a.address));
  if (bad)
    throw new NetError(
      'blocked-address',
      `${host} resolves to ${bad.address}, a private or reserved address`,
    );
  return parsed;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `net.connect` lookup function that refuses private addresses at connect time (defeats DNS
 * rebinding between assertPublicUrl and the connection). Handles `all: true` (Happy Eyeballs).
 */
export function guardedLookup(policy: AddressPolicy): LookupFunction {
  const lookup = (
    hostname: string,
    options: { all?: boolean; family?: number },
    callback: LookupCallback,
  ) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as LookupAddress[];
      if (!isAllowedHost(hostname, policy)) {
        const bad = list.find((a) => isPrivateAddress(a.address));
        if (bad) {
          const e = new NetError(
            'blocked-address',
            `${hostname} resolves to ${bad.address}, a private or reserved address`,
          ) as NetError & NodeJS.ErrnoException;
          return callback(e, []);
        }
      }
      if (options.all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(new Error(`no address for ${hostname}`), []);
      callback(null, first.address, first.family);
    });
  };
  return lookup as unknown as LookupFunction;
}
