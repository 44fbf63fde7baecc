// Finding what the user named: an image, flavor, network or server by name or ID, or the smallest
// flavor with enough RAM and vCPUs. Several matches for a name is an error (use the ID, P-13).
import type { Session } from '../session';
import { OpenStackError } from '../errors';
import { collect } from '../services/paging';
import { findImagesByName, showImage, type Image } from '../services/image';
import { listFlavors, listServers, showFlavor, showServer, type Flavor, type Server } from '../services/compute';
import { listNetworks, type Network } from '../services/network';

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

function notFound(session: Session, service: string, what: string): OpenStackError {
  return new OpenStackError(what, { cloud: session.settings.cloud, region: session.settings.regionName || undefined, service, kind: 'operation' });
}

function single<T extends { id: string }>(session: Session, service: string, kind: string, name: string, found: T[]): T {
  if (found.length === 1) return found[0];
  if (found.length === 0) throw notFound(session, service, `no ${kind} named '${name}'`);
  throw notFound(session, service, `${found.length} ${kind}s are named '${name}' (${found.map((f) => f.id).join(', ')}): use the ID`);
}

export async function findImage(session: Session, nameOrId: string, signal?: AbortSignal): Promise<Image> {
  if (UUID.test(nameOrId)) {
    const byId = await showImage(session, nameOrId, signal);
    if (byId) return byId;
  }
  return single(session, 'image', 'image', nameOrId, await findImagesByName(session, nameOrId, signal));
}

export interface FlavorWish {
  nameOrId?: string;
  minRamMiB?: number;
  minVcpus?: number;
}

export async function findFlavor(session: Session, wish: FlavorWish, signal?: AbortSignal): Promise<Flavor> {
  if (wish.nameOrId) {
    const byId = await showFlavor(session, wish.nameOrId, signal);
    if (byId) return byId;
    const flavors = await collect(listFlavors(session, signal));
    return single(session, 'compute', 'flavor', wish.nameOrId, flavors.filter((f) => f.name === wish.nameOrId));
  }
  const flavors = await collect(listFlavors(session, signal));
  const fitting = flavors
    .filter((f) => f.ram >= (wish.minRamMiB ?? 0) && f.vcpus >= (wish.minVcpus ?? 0))
    .sort((a, b) => a.ram - b.ram || a.vcpus - b.vcpus || a.disk - b.disk);
  if (!fitting.length) throw notFound(session, 'compute', `no flavor has at least ${wish.minRamMiB ?? 0} MiB RAM and ${wish.minVcpus ?? 0} vCPUs`);
  return fitting[0];
}

export async function findNetwork(session: Session, nameOrId: string, signal?: AbortSignal): Promise<Network> {
  const networks = await collect(listNetworks(session, {}, signal));
  const byId = networks.find((n) => n.id === nameOrId);
  return byId ?? single(session, 'network', 'network', nameOrId, networks.filter((n) => n.name === nameOrId));
}

export async function findServer(session: Session, nameOrId: string, signal?: AbortSignal): Promise<Server> {
  if (UUID.test(nameOrId)) {
    const byId = await showServer(session, nameOrId, signal);
    if (byId) return byId;
  }
  // Nova's name filter is a regular expression: anchor it and compare exactly.
  const found = (await collect(listServers(session, { name: `^${regexLiteral(nameOrId)}$` }, signal))).filter((s) => s.name === nameOrId);
  return single(session, 'compute', 'server', nameOrId, found);
}

/** `text` as a regular expression that matches only itself (Nova's name filter is a regex). */
export function regexLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The servers whose name starts with `prefix` (e.g. a fleet's `NAME-`). */
export async function findServersByPrefix(session: Session, prefix: string, signal?: AbortSignal): Promise<Server[]> {
  return (await collect(listServers(session, { name: `^${regexLiteral(prefix)}` }, signal))).filter((s) => s.name.startsWith(prefix));
}
