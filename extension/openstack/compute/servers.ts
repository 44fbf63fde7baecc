// Servers as the user thinks of them: with their public and private addresses worked out.
import type { Session } from '../session';
import { collect } from '../services/paging';
import { listServers, type Server } from '../services/compute';
import { withNeutronFloatingIpsAll, externalIpv4, externalIpv6, findAddresses, isPrivateIpv4, type AddressContext } from './addresses';
import { interestingNetworks } from './networkDiscovery';

export interface ServerSummary {
  id: string;
  name: string;
  status: string;
  publicV4?: string;
  publicV6?: string;
  privateV4?: string;
  fault?: string;
}

export async function addressContext(session: Session, signal?: AbortSignal): Promise<AddressContext> {
  const s = session.settings;
  const nets = s.useExternalNetwork() ? await interestingNetworks(session, signal) : undefined;
  return { externalIpv4Networks: nets?.externalIpv4.map((n) => n.name) ?? [], useExternalNetwork: s.useExternalNetwork(), forceIpv4: s.forceIpv4() };
}

export function summarize(server: Server, ctx: AddressContext): ServerSummary {
  const privateV4 = findAddresses(server, { tag: 'fixed', version: 4 }).find(isPrivateIpv4) ?? findAddresses(server, { tag: 'fixed', version: 4 })[0];
  return {
    id: server.id,
    name: server.name,
    status: server.status,
    publicV4: externalIpv4(server, ctx),
    publicV6: externalIpv6(server, ctx),
    privateV4,
    fault: server.fault?.message,
  };
}

export async function listServerSummaries(session: Session, signal?: AbortSignal): Promise<ServerSummary[]> {
  const servers = await collect(listServers(session, {}, signal));
  if (!servers.length) return [];
  const [ctx, withFloating] = await Promise.all([addressContext(session, signal), withNeutronFloatingIpsAll(session, servers, signal)]);
  return withFloating.map((s) => summarize(s, ctx));
}
