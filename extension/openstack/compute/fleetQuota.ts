// The quota check of a fleet boot, before anything is created: a fleet that cannot fit would
// otherwise leave half its servers built and the rest failed. Nova's limits (instances, cores,
// RAM) and Neutron's quota details (floating IPs, ports) against what the fleet needs.
import type { Session } from '../session';
import type { Flavor } from '../services/compute';

export interface FleetNeed {
  servers: number;
  flavor: Pick<Flavor, 'vcpus' | 'ram'>;
  /** Ports per server (one per network; at least one). */
  portsPerServer: number;
  /** A floating IP per server (auto IP). */
  floatingIps: boolean;
}

export interface QuotaShortfall {
  /** In the user's words: 'instances', 'cores', 'MiB of RAM', 'floating IPs', 'ports'. */
  resource: string;
  need: number;
  left: number;
}

interface Usage { limit: number; used: number }

interface NovaAbsolute {
  maxTotalInstances?: number; totalInstancesUsed?: number;
  maxTotalCores?: number; totalCoresUsed?: number;
  maxTotalRAMSize?: number; totalRAMUsed?: number;
}

interface NeutronDetail { limit?: number; used?: number; reserved?: number }

async function novaUsage(session: Session, signal?: AbortSignal): Promise<Record<string, Usage>> {
  const { limits } = await session.json<{ limits: { absolute: NovaAbsolute } }>({ service: 'compute', method: 'GET', path: 'limits', signal });
  const a = limits.absolute;
  return {
    instances: { limit: a.maxTotalInstances ?? -1, used: a.totalInstancesUsed ?? 0 },
    cores: { limit: a.maxTotalCores ?? -1, used: a.totalCoresUsed ?? 0 },
    'MiB of RAM': { limit: a.maxTotalRAMSize ?? -1, used: a.totalRAMUsed ?? 0 },
  };
}

/** Neutron's quota details (used + reserved count as taken); without the extension, no check. */
async function neutronUsage(session: Session, signal?: AbortSignal): Promise<Record<string, Usage>> {
  const projectId = (await session.token(signal)).projectId;
  if (!projectId) return {};
  const { status, body } = await session.jsonWithResponse<{ quota?: Record<string, NeutronDetail> }>({
    service: 'network', method: 'GET', path: `quotas/${encodeURIComponent(projectId)}/details`, expect: [200, 404], signal,
  });
  if (status === 404 || !body.quota) return {};
  const usage = (d?: NeutronDetail): Usage => ({ limit: d?.limit ?? -1, used: (d?.used ?? 0) + (d?.reserved ?? 0) });
  return { 'floating IPs': usage(body.quota.floatingip), ports: usage(body.quota.port) };
}

/** What the fleet needs that the project's quotas do not leave; empty when it fits. -1 is unlimited. */
export function shortfalls(need: FleetNeed, usage: Record<string, Usage>): QuotaShortfall[] {
  const wanted: Record<string, number> = {
    instances: need.servers,
    cores: need.servers * need.flavor.vcpus,
    'MiB of RAM': need.servers * need.flavor.ram,
    'floating IPs': need.floatingIps ? need.servers : 0,
    ports: need.servers * Math.max(1, need.portsPerServer),
  };
  const found: QuotaShortfall[] = [];
  for (const [resource, amount] of Object.entries(wanted)) {
    const u = usage[resource];
    if (!u || u.limit < 0 || amount === 0) continue;
    const left = Math.max(0, u.limit - u.used);
    if (amount > left) found.push({ resource, need: amount, left });
  }
  return found;
}

export async function fleetShortfalls(session: Session, need: FleetNeed, signal?: AbortSignal): Promise<QuotaShortfall[]> {
  const [nova, neutron] = await Promise.all([novaUsage(session, signal), neutronUsage(session, signal)]);
  return shortfalls(need, { ...nova, ...neutron });
}

/** "10 servers need 10 instances, 4 left; 20 cores, 8 left" (the error adds the cloud in front). */
export function quotaRefusal(servers: number, found: readonly QuotaShortfall[]): string {
  return `${servers} server${servers === 1 ? '' : 's'} need ${found.map((s) => `${s.need} ${s.resource}, ${s.left} left`).join('; ')}`;
}
