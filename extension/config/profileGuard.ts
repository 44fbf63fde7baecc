// Where a remote vendor profile may be fetched from. Its URL comes from a clouds.yaml, which may be
// a workspace file someone else wrote: it is fetched only over https and never from a loopback,
// link-local or private address (the machine's own services, the cloud metadata service, the
// LAN), unless the user's own settings allow it (`allowPrivateAddresses`: then plain http to such
// an address is allowed too, for a profile served on the user's own network).
import dns from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import net, { type LookupFunction } from 'node:net';

const PRIVATE = new net.BlockList();
for (const [address, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) {
  PRIVATE.addSubnet(address, prefix, 'ipv4');
}
for (const [address, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) PRIVATE.addSubnet(address, prefix, 'ipv6');

/** Loopback, link-local, private, CGNAT, multicast or unspecified (IPv4-mapped IPv6 included). */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return PRIVATE.check(mapped[1]!, 'ipv4');
  const family = net.isIP(bare);
  if (family === 0) return false;
  return PRIVATE.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}

function isLocalName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

/** Why this profile URL may not be fetched, judged on the URL alone; undefined when it may. */
export function refusedProfileUrl(url: string, allowPrivateAddresses = false): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'it is not a URL';
  }
  const host = parsed.hostname.toLowerCase();
  const local = isLocalName(host) || isPrivateAddress(host);
  if (local && !allowPrivateAddresses) return `${host} is a loopback, link-local or private address (allowed only by the user's own setting: openstack.remoteProfiles.allowPrivateAddresses in the editor, OPENSTACK_CLOUDS_ALLOW_PRIVATE_PROFILES=1 in the CLI's environment)`;
  if (parsed.protocol !== 'https:' && !(local && allowPrivateAddresses)) return 'a remote profile is fetched only over https';
  return undefined;
}

/** Refuses a host name that resolves to a private address (a public name pointed at the LAN). */
export async function refusedResolvedHost(url: string, allowPrivateAddresses = false): Promise<string | undefined> {
  if (allowPrivateAddresses) return undefined;
  const host = new URL(url).hostname;
  if (net.isIP(host.replace(/^\[|\]$/g, ''))) return undefined; // judged by refusedProfileUrl
  const addresses = await dns.lookup(host, { all: true });
  const inside = addresses.find((a) => isPrivateAddress(a.address));
  return inside ? `${host} resolves to ${inside.address}, a loopback, link-local or private address` : undefined;
}

export type Resolve = (host: string) => Promise<LookupAddress[]>;
const systemResolve: Resolve = (host) => dns.lookup(host, { all: true });

/**
 * Name resolution for the connection itself that refuses a private address when connecting: a
 * name may resolve to a public address for refusedResolvedHost and to a private one a moment
 * later (DNS rebinding), so the check before the request alone does not close the way to the LAN.
 */
export function guardedLookup(resolve: Resolve = systemResolve): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then((all) => {
      const inside = all.find((a) => isPrivateAddress(a.address));
      if (inside) {
        const refused = new Error(`${hostname} resolves to ${inside.address}, a loopback, link-local or private address`);
        return callback(Object.assign(refused, { code: 'EPRIVATEADDRESS' }), '', 0);
      }
      const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
      const wanted = family ? all.filter((a) => a.family === family) : all;
      if (wanted.length === 0) return callback(Object.assign(new Error(`${hostname} has no IPv${family} address`), { code: 'ENOTFOUND' }), '', 0);
      if (options.all) callback(null, wanted);
      else callback(null, wanted[0]!.address, wanted[0]!.family);
    }, (e: NodeJS.ErrnoException) => callback(e, '', 0));
  };
}
