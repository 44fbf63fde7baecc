// auto_ip exactly as §5.4: decide whether the server needs a floating IP (FIP-NEED), find the port
// to attach it to (FIP-PORT), reuse an unattached one of the project or create one (FIP-AUTO), and
// wait until it is attached. What we create is marked in its description, and released again if
// attaching fails.
import type { Session } from '../session';
import { OpenStackError } from '../errors';
import { pollUntil, PollTimeout } from '../poll';
import type { Server } from '../services/compute';
import * as neutron from '../services/network';
import { externalIpv4, findAddresses, hasFixedIpv4, type PortLookup } from './addresses';
import { addressContext } from './servers';
import { floatingNetworkId, natDestinationNetwork } from './networkDiscovery';
import { findNetwork } from './lookups';

/** The description of floating IPs we create: `delete server` releases exactly these. */
export const FIP_MARKER = 'created by openstack-clouds for server';
export const fipDescription = (serverId: string) => `${FIP_MARKER} ${serverId}`;

export interface FloatingIpNeed {
  needed: boolean;
  reason: string;
}

function opError(session: Session, summary: string): OpenStackError {
  return new OpenStackError(summary, { cloud: session.settings.cloud, region: session.settings.regionName || undefined, service: 'network', kind: 'operation' });
}

/** FIP-NEED `_needs_floating_ip`, with the reason when none is needed (shown to the user, P-7). */
export async function needsFloatingIp(session: Session, server: Server, natDestination?: string, signal?: AbortSignal, portsOf?: PortLookup): Promise<FloatingIpNeed> {
  const s = session.settings;
  if (!s.floatingIpSource()) return { needed: false, reason: 'the cloud has no floating IPs (floating_ip_source: None)' };
  if (externalIpv4(server, await addressContext(session, signal)) || findAddresses(server, { tag: 'floating' }).length) return { needed: false, reason: 'the server already has a public IPv4' };
  if (!hasFixedIpv4(server)) return { needed: false, reason: 'the server has no fixed IPv4 to map a floating IP to' };
  if (s.isPrivate()) return { needed: false, reason: 'the cloud is marked private: true' };
  if (!(await floatingNetworkId(session, signal))) return { needed: false, reason: 'unable to find an external network for floating IPs' };
  try {
    await natDestinationPort(session, server, natDestination, signal, portsOf);
  } catch (e) {
    return { needed: false, reason: (e as Error).message };
  }
  return { needed: true, reason: '' };
}

/** FIP-PORT `_nat_destination_port`: the newest port (on the NAT destination network) with an IPv4. */
export async function natDestinationPort(session: Session, server: Server, natDestination?: string, signal?: AbortSignal, portsOf?: PortLookup): Promise<{ port: neutron.Port; ip: string }> {
  let ports = await (portsOf ? portsOf() : neutron.listPorts(session, { device_id: server.id }, signal));
  if (!ports.length) throw opError(session, `server ${server.id} has no ports`);
  if (ports.length > 1) {
    const network = natDestination ? await findNetwork(session, natDestination, signal) : await natDestinationNetwork(session, signal);
    if (!network) {
      throw opError(session, `Multiple ports were found for server ${server.id} but none of the networks are a valid NAT destination: configure nat_destination in the networks list of clouds.yaml`);
    }
    ports = ports.filter((p) => p.network_id === network.id);
    if (!ports.length) throw opError(session, `server ${server.id} has no port on the NAT destination network ${network.name}`);
  }
  const sorted = [...ports].sort((a, b) => (b.created_at ?? '').localeCompare(a.created_at ?? ''));
  for (const port of sorted) {
    const ip = port.fixed_ips.map((f) => f.ip_address).find((a) => !a.includes(':'));
    if (ip) return { port, ip };
  }
  throw opError(session, `unable to find a free fixed IPv4 address for server ${server.id}`);
}

export interface AttachedFloatingIp {
  floatingIp: neutron.FloatingIp;
  created: boolean;
}

/** FIP-AUTO `_add_auto_ip`: reuse or create, attach, wait; on failure release what we created. */
export async function addAutoIp(session: Session, server: Server, options: { reuse?: boolean; natDestination?: string; timeoutMs: number; signal?: AbortSignal; ports?: PortLookup }): Promise<AttachedFloatingIp> {
  const { signal } = options;
  const networkId = await floatingNetworkId(session, signal);
  if (!networkId) throw opError(session, 'unable to find an external network for floating IPs');
  const { port, ip } = await natDestinationPort(session, server, options.natDestination, signal, options.ports);
  const token = await session.token(signal);
  let fip: neutron.FloatingIp | undefined;
  let created = false;
  if (options.reuse ?? true) {
    const free = await neutron.listFloatingIps(session, { floating_network_id: networkId, project_id: token.projectId }, signal);
    fip = free.find((f) => !f.port_id);
  }
  try {
    if (fip) {
      fip = await neutron.updateFloatingIp(session, fip.id, { port_id: port.id, fixed_ip_address: ip }, signal);
    } else {
      fip = await createMarkedFloatingIp(session, server.id, { floating_network_id: networkId, port_id: port.id, fixed_ip_address: ip }, signal);
      created = true;
    }
    const attached = fip;
    // Neutron usually answers the POST/PUT with the port already set: nothing left to wait for.
    if (attached.port_id !== port.id) await pollUntil(async () => {
      const now = await neutron.showFloatingIp(session, attached.id, signal);
      if (!now) throw opError(session, `floating IP ${attached.floating_ip_address} disappeared while attaching`);
      return now.port_id === port.id ? now : undefined;
    }, { timeoutMs: options.timeoutMs, signal, initialMs: 100, maxMs: 1000 });
    return { floatingIp: fip, created };
  } catch (e) {
    await releaseAfterFailure(session, fip, created);
    if (e instanceof PollTimeout) throw opError(session, 'Timeout waiting for the floating IP to be attached.');
    throw e;
  }
}

/** POST is not idempotent: after an unclear failure, adopt the floating IP if it was made after all. */
async function createMarkedFloatingIp(session: Session, serverId: string, fields: Record<string, unknown>, signal?: AbortSignal): Promise<neutron.FloatingIp> {
  const description = fipDescription(serverId);
  for (let attempt = 1; ; attempt++) {
    try {
      return await neutron.createFloatingIp(session, { ...fields, description }, signal);
    } catch (e) {
      const unclear = e instanceof OpenStackError && (e.kind === 'network' || e.kind === 'timeout' || (e.status ?? 0) >= 500);
      if (!unclear || attempt >= 3) throw e;
      const existing = (await neutron.listFloatingIps(session, { port_id: String(fields.port_id) }, signal)).find((f) => f.description === description);
      if (existing) return existing;
    }
  }
}

async function releaseAfterFailure(session: Session, fip: neutron.FloatingIp | undefined, created: boolean): Promise<void> {
  if (!fip) return;
  const signal = AbortSignal.timeout(30_000);
  try {
    if (created) await neutron.deleteFloatingIp(session, fip.id, signal);
    else await neutron.updateFloatingIp(session, fip.id, { port_id: null }, signal);
  } catch {
    // Best effort: the caller reports the original failure; a leftover is found by `delete server`.
  }
}

/** The floating IPs we created for a server (by their description), to release with it. */
export async function createdFloatingIps(session: Session, serverId: string, signal?: AbortSignal): Promise<neutron.FloatingIp[]> {
  const ports = await neutron.listPorts(session, { device_id: serverId }, signal);
  const attached = await neutron.listFloatingIpsOfPorts(session, ports.map((p) => p.id), signal);
  const marked = await neutron.listFloatingIps(session, { description: fipDescription(serverId) }, signal).catch(() => []);
  const all = new Map([...attached, ...marked].map((f) => [f.id, f]));
  return [...all.values()].filter((f) => f.description === fipDescription(serverId));
}
