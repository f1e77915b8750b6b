import { BlockList, isIP, type LookupFunction } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { promisify } from 'node:util';
import ipaddr from 'ipaddr.js';
import { redactUrl } from './redact-url.ts';

// SSRF guard: a URL we fetch on a user's behalf (feeds, article pages, webhooks) must not reach
// loopback, private networks, link-local or cloud metadata addresses unless the operator allows
// it. The check runs on the URL before each hop and again inside the connection's DNS lookup, so
// a name that re-resolves to a private address between the check and the connect is refused too.
// Address ranges come from ipaddr.js (the range tables proxy-addr and express use), on top of the
// explicit block list below; only global unicast is public.

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

const isV4 = (a: ipaddr.IPv4 | ipaddr.IPv6): a is ipaddr.IPv4 => a.kind() === 'ipv4';
const GLOBAL_UNICAST = ipaddr.IPv6.parse('2000::');
const NAT64_WELL_KNOWN = ipaddr.IPv6.parse('64:ff9b::');

function v4FromBytes(bytes: number[], at: number, xor = 0): ipaddr.IPv4 {
  return new ipaddr.IPv4(bytes.slice(at, at + 4).map((b) => b ^ xor));
}

function isPrivateV4(a: ipaddr.IPv4): boolean {
  return a.range() !== 'unicast' || blocked.check(a.toString(), 'ipv4');
}

/**
 * IPv6 is public only inside global unicast (2000::/3) and outside the special ranges there;
 * forms that carry an IPv4 address (mapped ::ffff:0:0/96, NAT64 64:ff9b::/96, 6to4 2002::/16,
 * Teredo 2001::/32) are judged by the IPv4 address they reach. Everything else (IPv4-compatible
 * ::a.b.c.d, SIIT ::ffff:0:a.b.c.d, local-use NAT64 64:ff9b:1::/48, ULA, link-local) is refused.
 */
function isPrivateV6(a: ipaddr.IPv6): boolean {
  const bytes = a.toByteArray();
  const range = a.range();
  if (range === 'ipv4Mapped') return isPrivateV4(a.toIPv4Address());
  if (a.match(NAT64_WELL_KNOWN, 96)) return isPrivateV4(v4FromBytes(bytes, 12));
  if (!a.match(GLOBAL_UNICAST, 3)) return true;
  if (range === '6to4') return isPrivateV4(v4FromBytes(bytes, 2));
  // Teredo: server address in bits 32-63, client address inverted in the last 32 bits.
  if (range === 'teredo')
    return isPrivateV4(v4FromBytes(bytes, 4)) || isPrivateV4(v4FromBytes(bytes, 12, 0xff));
  return range !== 'unicast' || blocked.check(a.toString(), 'ipv6');
}

/** True when an IP address is loopback, private, link-local, CGNAT, metadata, ULA or reserved. */
export function isPrivateAddress(address: string): boolean {
  if (!isIP(address)) return true; // not an address at all: refuse
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return true;
  }
  return isV4(parsed) ? isPrivateV4(parsed) : isPrivateV6(parsed);
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
    throw new NetError('bad-url', `not a valid URL: ${redactUrl(String(url))}`);
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
