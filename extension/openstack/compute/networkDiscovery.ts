// Which networks reach the outside, which are internal, where floating IPs come from and which
// network they attach to (§5.5 `_set_interesting_networks`), from one network (and subnet) listing,
// cached per session. clouds.yaml `networks:` entries override what the API says.
import type { Session } from '../session';
import { OpenStackError } from '../errors';
import { collect } from '../services/paging';
import { listNetworks, listRouters, listSubnets, type Network } from '../services/network';

export interface InterestingNetworks {
  all: Network[];
  externalIpv4: Network[];
  internalIpv4: Network[];
  externalIpv6: Network[];
  /** Networks floating IPs are allocated from (nat_source, else every router:external one). */
  floating: Network[];
  /** The configured nat_destination; see natDestinationNetwork() for the fallback. */
  natDestination?: Network;
  defaultNetwork?: Network;
}

const cache = new WeakMap<Session, Promise<InterestingNetworks>>();

export function interestingNetworks(session: Session, signal?: AbortSignal): Promise<InterestingNetworks> {
  let pending = cache.get(session);
  if (!pending) {
    pending = discover(session, signal);
    pending.catch(() => cache.delete(session));
    cache.set(session, pending);
  }
  return pending;
}

function matches(net: Network, nameOrId: string): boolean {
  return net.name === nameOrId || net.id === nameOrId;
}

async function discover(session: Session, signal?: AbortSignal): Promise<InterestingNetworks> {
  const settings = session.settings;
  const configured = settings.networks();
  const all = await collect(listNetworks(session, {}, signal));
  const fail = (msg: string) => new OpenStackError(msg, { cloud: settings.cloud, region: settings.regionName || undefined, service: 'network', kind: 'config' });
  for (const c of configured) {
    if (!all.some((n) => matches(n, c.name))) throw fail(`Networks: ${c.name} was given in clouds.yaml and no such network could be found`);
  }
  const setting = (n: Network) => configured.find((c) => matches(n, c.name));
  const isExternal4 = (n: Network) => {
    const c = setting(n);
    if (c?.routesIpv4Externally !== undefined) return c.routesIpv4Externally;
    return !!n['router:external'] || !!n['provider:physical_network'];
  };
  const isExternal6 = (n: Network) => setting(n)?.routesIpv6Externally ?? !!n['router:external'];
  const unique = (flag: 'natDestination' | 'defaultInterface' | 'natSource') => {
    const c = configured.find((x) => x[flag]);
    if (!c) return undefined;
    const found = all.filter((n) => matches(n, c.name));
    if (found.length > 1) throw fail(`Networks: ${c.name} matches several networks; use its ID in clouds.yaml`);
    return found[0];
  };
  const natSource = unique('natSource');
  const natDestination = unique('natDestination');
  return {
    all,
    externalIpv4: all.filter(isExternal4),
    internalIpv4: all.filter((n) => !isExternal4(n)),
    externalIpv6: all.filter(isExternal6),
    floating: natSource ? [natSource] : all.filter((n) => n['router:external']),
    natDestination,
    defaultNetwork: unique('defaultInterface'),
  };
}

/** The NAT destination: configured, else (openstacksdk) the last network having a subnet with a gateway. */
export async function natDestinationNetwork(session: Session, signal?: AbortSignal): Promise<Network | undefined> {
  const nets = await interestingNetworks(session, signal);
  if (nets.natDestination) return nets.natDestination;
  const withGateway = new Set((await listSubnets(session, {}, signal)).filter((s) => s.gateway_ip).map((s) => s.network_id));
  return nets.all.filter((n) => withGateway.has(n.id) && !n['router:external']).at(-1);
}

/** `_get_floating_network_id`: the first floating network, else the first router's gateway network. */
export async function floatingNetworkId(session: Session, signal?: AbortSignal): Promise<string | undefined> {
  const nets = await interestingNetworks(session, signal);
  if (nets.floating[0]) return nets.floating[0].id;
  const routers = await listRouters(session, signal);
  return routers.find((r) => r.admin_state_up !== false && r.external_gateway_info?.network_id)?.external_gateway_info?.network_id ?? undefined;
}
