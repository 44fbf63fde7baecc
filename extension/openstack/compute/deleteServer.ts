// Deleting a server together with the floating IPs we created for it (§5.6 with delete_ips, but
// only ours: a floating IP the user attached by hand stays in the project).
import type { Session } from '../session';
import * as nova from '../services/compute';
import { deleteFloatingIp } from '../services/network';
import { pollUntil } from '../poll';
import { createdFloatingIps } from './floatingIps';

export interface DeletedServer {
  serverId: string;
  existed: boolean;
  releasedFloatingIps: string[];
}

export async function deleteServerAndIps(session: Session, serverId: string, signal?: AbortSignal, wait = false): Promise<DeletedServer> {
  const ours = await createdFloatingIps(session, serverId, signal);
  for (const fip of ours) await deleteFloatingIp(session, fip.id, signal);
  const existed = await nova.deleteServer(session, serverId, signal);
  if (wait && existed) {
    await pollUntil(async () => ((await nova.showServer(session, serverId, signal)) ? undefined : true), { timeoutMs: 120_000, signal, initialMs: 200, maxMs: 2000 });
  }
  return { serverId, existed, releasedFloatingIps: ours.map((f) => f.floating_ip_address) };
}
