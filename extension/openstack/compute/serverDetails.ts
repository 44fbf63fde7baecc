// A server's details as the user reads them in a console: addresses by network, flavor and image
// by name, key pair, security groups, metadata, dates, and the fault of a server in ERROR. The
// cloud's answer is untrusted text (yaml/untrustedYaml.ts bounds and escapes it).
import type { Session } from '../session';
import * as nova from '../services/compute';
import { showImage } from '../services/image';
import { withNeutronFloatingIps } from './addresses';
import { untrustedValue, untrustedYaml } from '../../yaml/untrustedYaml';
import type { YamlValue } from '../../yaml/emit';

/** Nova's OS-EXT-STS:power_state numbers. */
const POWER_STATES: Record<number, string> = { 0: 'NOSTATE', 1: 'RUNNING', 3: 'PAUSED', 4: 'SHUTDOWN', 6: 'CRASHED', 7: 'SUSPENDED' };

export interface ServerDetailsInput {
  server: nova.Server;
  /** The flavor looked up by ID (older microversions give only the ID). */
  flavor?: nova.Flavor;
  /** The image's name, looked up by ID (a server booted from a volume has none). */
  imageName?: string;
}

/**
 * Fetches the server and, best-effort, its flavor and image names. Undefined: the server is gone.
 * Its addresses get the Neutron floating IPs Nova may not list yet, as the tree's rows do, so the
 * details never show fewer addresses than the row they were opened from.
 */
export async function fetchServerDetails(session: Session, serverId: string, signal?: AbortSignal): Promise<ServerDetailsInput | undefined> {
  const told = await nova.showServer(session, serverId, signal);
  if (!told) return undefined;
  const server = await withNeutronFloatingIps(session, told, signal).catch(() => told);
  const flavorId = server.flavor?.id;
  const imageId = typeof server.image === 'object' ? server.image?.id : undefined;
  const [flavor, image] = await Promise.all([
    flavorId ? nova.showFlavor(session, flavorId, signal).catch(() => undefined) : undefined,
    imageId ? showImage(session, imageId, signal).catch(() => undefined) : undefined,
  ]);
  return { server, flavor, imageName: image?.name };
}

function addressesByNetwork(server: nova.Server): Record<string, YamlValue> {
  const out: Record<string, YamlValue> = {};
  for (const [network, list] of Object.entries(server.addresses ?? {})) {
    out[network] = (Array.isArray(list) ? list : []).map((a) => {
      const type = a['OS-EXT-IPS:type'];
      return `${a.addr} (IPv${a.version}${type ? `, ${type}` : ''})`;
    });
  }
  return out;
}

function flavorOf(input: ServerDetailsInput): YamlValue {
  const f = input.server.flavor as (nova.Server['flavor'] & Partial<nova.Flavor>) | undefined;
  if (!f) return null;
  const known = input.flavor;
  return untrustedValue({
    name: known?.name ?? f.original_name,
    id: f.id ?? known?.id,
    vcpus: known?.vcpus ?? f.vcpus,
    ram_mib: known?.ram ?? f.ram,
    disk_gib: known?.disk ?? f.disk,
  });
}

function imageOf(input: ServerDetailsInput): YamlValue {
  const image = input.server.image;
  if (!image || typeof image === 'string') return '(booted from a volume)';
  return untrustedValue({ name: input.imageName, id: image.id });
}

/** The details as a plain value, in the order a reader wants them; only what the cloud gave. */
export function serverDetails(input: ServerDetailsInput): Record<string, YamlValue> {
  const s = input.server;
  const power = s['OS-EXT-STS:power_state'];
  const fields: Record<string, unknown> = {
    name: s.name,
    id: s.id,
    status: s.status,
    task_state: s['OS-EXT-STS:task_state'] ?? undefined,
    power_state: typeof power === 'number' ? POWER_STATES[power] ?? power : undefined,
    fault: s.fault ? { message: s.fault.message, code: s.fault.code, created: (s.fault as { created?: string }).created, details: s.fault.details } : undefined,
  };
  const out = untrustedValue(fields) as Record<string, YamlValue>;
  out.addresses = untrustedValue(addressesByNetwork(s));
  out.flavor = flavorOf(input);
  out.image = imageOf(input);
  Object.assign(out, untrustedValue({
    key_name: s.key_name ?? null,
    security_groups: Array.isArray(s.security_groups) ? (s.security_groups as { name?: string }[]).map((g) => g?.name ?? '') : [],
    metadata: s.metadata ?? {},
    availability_zone: s['OS-EXT-AZ:availability_zone'],
    created: s.created,
    updated: s.updated,
    launched_at: s['OS-SRV-USG:launched_at'] ?? undefined,
    access_ipv4: s.accessIPv4 || undefined,
    access_ipv6: s.accessIPv6 || undefined,
  }));
  return out;
}

/** The details document: a comment naming where they come from, then the YAML. */
export function serverDetailsYaml(input: ServerDetailsInput, where: string, at = new Date()): string {
  return untrustedYaml(serverDetails(input), [`Server details on ${where}, read-only, as the cloud answered at ${at.toISOString()}`]);
}
