// Nova, one method per API call (§5.1, §5.2, §5.7).
import type { Session } from '../session';
import { items, query } from './paging';

export interface ServerAddress {
  addr: string;
  version: number;
  'OS-EXT-IPS:type'?: string;
  'OS-EXT-IPS-MAC:mac_addr'?: string;
}

export interface Server {
  id: string;
  name: string;
  status: string;
  addresses?: Record<string, ServerAddress[]>;
  accessIPv4?: string;
  accessIPv6?: string;
  fault?: { code?: number; message?: string; details?: string };
  metadata?: Record<string, string>;
  key_name?: string | null;
  flavor?: { id?: string; original_name?: string };
  image?: { id?: string } | string;
  created?: string;
  'OS-EXT-STS:task_state'?: string | null;
  [key: string]: unknown;
}

export interface Flavor {
  id: string;
  name: string;
  ram: number;
  vcpus: number;
  disk: number;
  'os-flavor-access:is_public'?: boolean;
}

export interface Keypair {
  name: string;
  fingerprint?: string;
  public_key?: string;
  type?: string;
}

const S = 'compute';

export function listServers(session: Session, filters: Record<string, string | number | undefined> = {}, signal?: AbortSignal): AsyncGenerator<Server> {
  return items<Server>(session, { service: S, path: `servers/detail${query({ limit: 200, ...filters })}`, key: 'servers', signal });
}

export async function showServer(session: Session, id: string, signal?: AbortSignal): Promise<Server | undefined> {
  const { status, body } = await session.jsonWithResponse<{ server: Server }>({ service: S, method: 'GET', path: `servers/${encodeURIComponent(id)}`, expect: [200, 404], signal });
  return status === 404 ? undefined : body.server;
}

export async function createServer(session: Session, server: Record<string, unknown>, signal?: AbortSignal): Promise<Server> {
  const body = await session.json<{ server: Server }>({ service: S, method: 'POST', path: 'servers', json: { server }, signal, expect: [202] });
  return body.server;
}

export async function deleteServer(session: Session, id: string, signal?: AbortSignal): Promise<boolean> {
  const res = await session.request({ service: S, method: 'DELETE', path: `servers/${encodeURIComponent(id)}`, expect: [204, 404], signal });
  await res.body.dump();
  return res.status !== 404;
}

export async function consoleLog(session: Session, id: string, lines?: number, signal?: AbortSignal): Promise<string> {
  const body = await session.json<{ output?: string }>({
    service: S, method: 'POST', path: `servers/${encodeURIComponent(id)}/action`, signal, idempotent: true,
    json: { 'os-getConsoleOutput': lines ? { length: lines } : {} },
  });
  return body.output ?? '';
}

export function listFlavors(session: Session, signal?: AbortSignal): AsyncGenerator<Flavor> {
  return items<Flavor>(session, { service: S, path: 'flavors/detail', key: 'flavors', signal });
}

export async function showFlavor(session: Session, id: string, signal?: AbortSignal): Promise<Flavor | undefined> {
  const { status, body } = await session.jsonWithResponse<{ flavor: Flavor }>({ service: S, method: 'GET', path: `flavors/${encodeURIComponent(id)}`, expect: [200, 404], signal });
  return status === 404 ? undefined : body.flavor;
}

export async function listKeypairs(session: Session, signal?: AbortSignal): Promise<Keypair[]> {
  const body = await session.json<{ keypairs: { keypair: Keypair }[] }>({ service: S, method: 'GET', path: 'os-keypairs', signal });
  return body.keypairs.map((k) => k.keypair);
}

export async function importKeypair(session: Session, name: string, publicKey: string, signal?: AbortSignal): Promise<Keypair> {
  const body = await session.json<{ keypair: Keypair }>({ service: S, method: 'POST', path: 'os-keypairs', json: { keypair: { name, public_key: publicKey } }, signal, expect: [200, 201] });
  return body.keypair;
}

export async function deleteKeypair(session: Session, name: string, signal?: AbortSignal): Promise<void> {
  const res = await session.request({ service: S, method: 'DELETE', path: `os-keypairs/${encodeURIComponent(name)}`, expect: [202, 204, 404], signal });
  await res.body.dump();
}
