// The short descriptions next to each tree row (status, size, IP...), and which address "Copy IP"
// and "SSH" use. No `vscode` here, so what a row says is unit-tested.
import { formatBytes } from '../../text/table';
import type { Image, Flavor, Keypair, FloatingIp, Network, ServerSummary } from '../../openstack/index';

const join = (parts: (string | undefined | false)[]) => parts.filter(Boolean).join(' · ');

export function imageDescription(i: Image): string {
  return join([i.status !== 'active' && i.status, i.disk_format, i.size !== undefined && i.size !== null && formatBytes(i.size), i.visibility === 'public' && 'public']);
}

/** The address to reach a server at: its public IPv4 (the core's IP-1 order), else its public IPv6. */
export function reachableAddress(s: Pick<ServerSummary, 'publicV4' | 'publicV6'>): { address: string; version: 4 | 6 } | undefined {
  if (s.publicV4) return { address: s.publicV4, version: 4 };
  if (s.publicV6) return { address: s.publicV6, version: 6 };
  return undefined;
}

/** `fleet`: the fleet the server was booted in (boot --count tags its members), shown so they read as one. */
export function serverDescription(s: ServerSummary, fleet?: string): string {
  return join([s.status, reachableAddress(s)?.address ?? (s.privateV4 && `private ${s.privateV4}`), fleet && `fleet ${fleet}`]);
}

export function memory(mib: number): string {
  return mib >= 1024 && mib % 1024 === 0 ? `${mib / 1024} GiB` : mib >= 1024 ? `${(mib / 1024).toFixed(1)} GiB` : `${mib} MiB`;
}

export function flavorDescription(f: Flavor): string {
  return join([`${f.vcpus} vCPU${f.vcpus === 1 ? '' : 's'}`, memory(f.ram), `${f.disk} GB disk`]);
}

export function networkDescription(n: Network): string {
  return join([n['router:external'] && 'external', n.shared && 'shared', n.status && n.status !== 'ACTIVE' && n.status]);
}

export function keypairDescription(k: Keypair): string {
  return k.type ?? '';
}

export function floatingIpDescription(f: FloatingIp): string {
  return f.port_id ? `→ ${f.fixed_ip_address ?? 'attached'}` : 'not attached';
}
