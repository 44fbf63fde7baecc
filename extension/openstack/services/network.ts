// Neutron, one method per API call (§5.4, §5.5).
import type { Session } from '../session';
import { collect, items, query } from './paging';

export interface Network {
  id: string;
  name: string;
  status?: string;
  shared?: boolean;
  'router:external'?: boolean;
  'provider:physical_network'?: string | null;
  subnets?: string[];
  project_id?: string;
}

export interface Subnet { id: string; name?: string; network_id: string; gateway_ip?: string | null; ip_version: number; cidr: string }
export interface Port { id: string; network_id: string; device_id: string; fixed_ips: { subnet_id: string; ip_address: string }[]; mac_address?: string; created_at?: string }
export interface Router { id: string; admin_state_up?: boolean; external_gateway_info?: { network_id?: string } | null }
export interface FloatingIp {
  id: string;
  floating_ip_address: string;
  floating_network_id: string;
  port_id: string | null;
  fixed_ip_address?: string | null;
  status?: string;
  description?: string;
  project_id?: string;
}

const S = 'network';
type Filters = Record<string, string | number | boolean | string[] | undefined>;

export function listNetworks(session: Session, filters: Filters = {}, signal?: AbortSignal): AsyncGenerator<Network> {
  return items<Network>(session, { service: S, path: `networks${query(filters)}`, key: 'networks', signal });
}

export function listSubnets(session: Session, filters: Filters = {}, signal?: AbortSignal): Promise<Subnet[]> {
  return collect(items<Subnet>(session, { service: S, path: `subnets${query(filters)}`, key: 'subnets', signal }));
}

export function listPorts(session: Session, filters: Filters, signal?: AbortSignal): Promise<Port[]> {
  return collect(items<Port>(session, { service: S, path: `ports${query(filters)}`, key: 'ports', signal }));
}

/**
 * Ids one filtered list request carries: 50 UUIDs keep its URL near 2 KB, far under the 8-16 KB a
 * web server takes, however many ids a cloud's answer gave us (a repeated filter: any of these).
 */
const IDS_PER_REQUEST = 50;

/** `list` for every part of `ids`, one request after another; no request for no ids. */
async function byIdParts<T>(ids: string[], list: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const found: T[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) found.push(...(await list(ids.slice(i, i + IDS_PER_REQUEST))));
  return found;
}

/** The ports with these ids. */
export function listPortsById(session: Session, ids: string[], signal?: AbortSignal): Promise<Port[]> {
  return byIdParts(ids, (part) => listPorts(session, { id: part }, signal));
}

/** The floating IPs attached to any of these ports. */
export function listFloatingIpsOfPorts(session: Session, portIds: string[], signal?: AbortSignal): Promise<FloatingIp[]> {
  return byIdParts(portIds, (part) => listFloatingIps(session, { port_id: part }, signal));
}

export function listRouters(session: Session, signal?: AbortSignal): Promise<Router[]> {
  return collect(items<Router>(session, { service: S, path: 'routers', key: 'routers', signal }));
}

export function listFloatingIps(session: Session, filters: Filters = {}, signal?: AbortSignal): Promise<FloatingIp[]> {
  return collect(items<FloatingIp>(session, { service: S, path: `floatingips${query(filters)}`, key: 'floatingips', signal }));
}

export interface SecurityGroup { id: string; name: string; description?: string; project_id?: string }

/** The project's security groups (those a server can be booted with), by name. */
export function listSecurityGroups(session: Session, filters: Filters = {}, signal?: AbortSignal): Promise<SecurityGroup[]> {
  return collect(items<SecurityGroup>(session, { service: S, path: `security-groups${query(filters)}`, key: 'security_groups', signal }));
}

export async function showFloatingIp(session: Session, id: string, signal?: AbortSignal): Promise<FloatingIp | undefined> {
  const { status, body } = await session.jsonWithResponse<{ floatingip: FloatingIp }>({ service: S, method: 'GET', path: `floatingips/${id}`, expect: [200, 404], signal });
  return status === 404 ? undefined : body.floatingip;
}

export async function createFloatingIp(session: Session, fields: Record<string, unknown>, signal?: AbortSignal): Promise<FloatingIp> {
  const body = await session.json<{ floatingip: FloatingIp }>({ service: S, method: 'POST', path: 'floatingips', json: { floatingip: fields }, signal, expect: [201] });
  return body.floatingip;
}

export async function updateFloatingIp(session: Session, id: string, fields: Record<string, unknown>, signal?: AbortSignal): Promise<FloatingIp> {
  const body = await session.json<{ floatingip: FloatingIp }>({ service: S, method: 'PUT', path: `floatingips/${id}`, json: { floatingip: fields }, signal });
  return body.floatingip;
}

export async function deleteFloatingIp(session: Session, id: string, signal?: AbortSignal): Promise<void> {
  const res = await session.request({ service: S, method: 'DELETE', path: `floatingips/${id}`, expect: [204, 404], signal });
  await res.body.dump();
}
