// A server's addresses, classified as openstacksdk's meta.py does (§5.3): its public IPv4
// (IP-1), its public IPv6 (IP-2), and the Neutron floating IPs Nova may not show yet.
import ipaddr from 'ipaddr.js';
import type { Session } from '../session';
import type { Server, ServerAddress } from '../services/compute';
import { listFloatingIps, listFloatingIpsOfPorts, listPorts, listPortsById, type FloatingIp, type Port } from '../services/network';

/** A server's ports, listed at most once by whoever asks first (bootServer passes one along). */
export type PortLookup = () => Promise<Port[]>;

/** Python's ipaddress.is_private networks for IPv4 (not 100.64.0.0/10: CGNAT counts as public there). */
const PRIVATE_V4 = ['0.0.0.0/8', '10.0.0.0/8', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24', '192.0.2.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '240.0.0.0/4', '255.255.255.255/32']
  .map((cidr) => ipaddr.IPv4.parseCIDR(cidr));

export function isPrivateIpv4(address: string): boolean {
  if (!ipaddr.IPv4.isValidFourPartDecimal(address)) return false;
  const ip = ipaddr.IPv4.parse(address);
  return PRIVATE_V4.some((range) => ip.match(range));
}

type Tag = 'fixed' | 'floating';

/** find_nova_addresses: filtered by network, tag and version; floating addresses first. */
export function findAddresses(server: Server, filter: { network?: string; tag?: Tag; version?: number } = {}): string[] {
  const floating: string[] = [];
  const fixed: string[] = [];
  for (const [network, list] of Object.entries(server.addresses ?? {})) {
    if (filter.network !== undefined && network !== filter.network) continue;
    for (const a of list) {
      const tag = a['OS-EXT-IPS:type'];
      if (filter.tag && tag !== filter.tag) continue;
      if (filter.version && a.version !== filter.version) continue;
      (tag === 'floating' ? floating : fixed).push(a.addr);
    }
  }
  return [...floating, ...fixed];
}

export interface AddressContext {
  /** Names of the networks that route IPv4 externally (5.5). */
  externalIpv4Networks: string[];
  useExternalNetwork: boolean;
  forceIpv4: boolean;
}

/** IP-1 get_server_external_ipv4, in its exact order. */
export function externalIpv4(server: Server, ctx: AddressContext): string | undefined {
  if (!ctx.useExternalNetwork) return undefined;
  if (server.accessIPv4) return server.accessIPv4;
  for (const network of ctx.externalIpv4Networks) {
    const found = findAddresses(server, { network, version: 4 })[0];
    if (found) return found;
  }
  const floating = findAddresses(server, { tag: 'floating', version: 4 })[0];
  if (floating) return floating;
  const onPublic = findAddresses(server, { network: 'public', version: 4 })[0];
  if (onPublic) return onPublic;
  return findAddresses(server, { version: 4 }).find((a) => !isPrivateIpv4(a));
}

/** IP-2 get_server_external_ipv6: accessIPv6, else any IPv6 (floating first); none with force_ipv4. */
export function externalIpv6(server: Server, ctx: Pick<AddressContext, 'forceIpv4'>): string | undefined {
  if (ctx.forceIpv4) return undefined;
  if (server.accessIPv6) return server.accessIPv6;
  return findAddresses(server, { version: 6 })[0];
}

export function hasFixedIpv4(server: Server): boolean {
  return findAddresses(server, { tag: 'fixed', version: 4 }).length > 0 || findAddresses(server, { version: 4 }).some((a) => isPrivateIpv4(a));
}

/**
 * The same for a whole listing with at most two calls: the project's floating IPs, then the
 * ports they are attached to (to learn which server each belongs to).
 */
export async function withNeutronFloatingIpsAll(session: Session, servers: Server[], signal?: AbortSignal): Promise<Server[]> {
  const lacking = servers.filter((s) => s.status === 'ACTIVE' && !findAddresses(s, { tag: 'floating', version: 4 }).length);
  if (!lacking.length || !session.settings.floatingIpSource()) return servers;
  const attached = (await listFloatingIps(session, {}, signal)).filter((f) => f.port_id);
  if (!attached.length) return servers;
  const ports = await listPortsById(session, [...new Set(attached.map((f) => f.port_id!))], signal);
  const deviceOf = new Map(ports.map((p) => [p.id, p]));
  return servers.map((server) => {
    if (!lacking.includes(server)) return server;
    const mine = attached.filter((f) => deviceOf.get(f.port_id!)?.device_id === server.id);
    return mine.length ? withFloating(server, mine, deviceOf) : server;
  });
}

/** The server with these floating IPs in its addresses, next to the fixed IP each maps to, tagged `floating`. */
function withFloating(server: Server, fips: FloatingIp[], portById: Map<string, Port>): Server {
  const addresses: Record<string, ServerAddress[]> = JSON.parse(JSON.stringify(server.addresses ?? {}));
  for (const fip of fips) {
    const network = Object.entries(addresses).find(([, list]) => list.some((a) => a.addr === fip.fixed_ip_address))?.[0] ?? Object.keys(addresses)[0] ?? 'floating';
    (addresses[network] ??= []).push({ addr: fip.floating_ip_address, version: 4, 'OS-EXT-IPS:type': 'floating', 'OS-EXT-IPS-MAC:mac_addr': portById.get(fip.port_id!)?.mac_address });
  }
  return { ...server, addresses };
}

/**
 * Nova may not list a Neutron floating IP yet: add the floating IPs of the server's ports to its
 * addresses, next to the fixed IP they map to, tagged `floating` (as meta.py does).
 */
export async function withNeutronFloatingIps(session: Session, server: Server, signal?: AbortSignal, portsOf?: PortLookup): Promise<Server> {
  if (server.status !== 'ACTIVE' || findAddresses(server, { tag: 'floating', version: 4 }).length || !session.settings.floatingIpSource()) return server;
  const ports = await (portsOf ? portsOf() : listPorts(session, { device_id: server.id }, signal));
  if (!ports.length) return server;
  const portById = new Map(ports.map((p) => [p.id, p]));
  // Only the server's own ports: a cloud that ignored the filter must not add another server's IPs.
  const fips = (await listFloatingIpsOfPorts(session, [...portById.keys()], signal)).filter((f) => f.port_id && portById.has(f.port_id));
  return withFloating(server, fips, portById);
}
