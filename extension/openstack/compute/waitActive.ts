// Waiting for a new server to be ACTIVE (§5.2 NV-3): what one look at the server means (shared by
// the per-server poll here and the fleet's one listing per round in fleetStatus.ts, so both end a
// boot with the same words), and the per-server poll a single boot uses.
import type { Session } from '../session';
import { OpenStackError, isAbortError } from '../errors';
import { pollUntil, PollTimeout } from '../poll';
import * as nova from '../services/compute';
import type { Server } from '../services/compute';

/** Backoff of the status polls: quick first looks (a fake-driver boot takes ~1.5 s), then every 2 s. */
export const ACTIVE_POLL = { initialMs: 250, maxMs: 2000, factor: 1.5 } as const;

export function computeError(session: Session, summary: string, kind: OpenStackError['kind'] = 'operation'): OpenStackError {
  return new OpenStackError(summary, { cloud: session.settings.cloud, region: session.settings.regionName || undefined, service: 'compute', kind });
}

/** The server when it is ACTIVE with an address, undefined while it is not there yet; throws on ERROR. */
export function activeOrThrow(session: Session, id: string, server: Server): Server | undefined {
  if (server.status === 'ERROR') {
    throw computeError(session, `Error in creating the server ${id}. Compute service reports fault: ${server.fault?.message ?? '(no further information available)'}`);
  }
  if (server.status !== 'ACTIVE') return undefined;
  if (!server.addresses || Object.keys(server.addresses).length === 0) throw computeError(session, `server ${id} reached ACTIVE state without being allocated an IP address`);
  return server;
}

export const activeTimeout = (session: Session, id: string) => computeError(session, `Timeout waiting for the server ${id} to come up.`);

/** One server on its own: `GET /servers/{id}` with backoff until ACTIVE, ERROR or the deadline. */
export async function waitForActive(session: Session, id: string, deadline: number, signal?: AbortSignal): Promise<Server> {
  try {
    return await pollUntil(async () => {
      const server = await nova.showServer(session, id, signal).catch((e) => {
        if (isAbortError(e)) throw e;
        return undefined; // NV-3: errors while waiting are ignored; the deadline bounds them
      });
      return server && activeOrThrow(session, id, server);
    }, { timeoutMs: Math.max(1000, deadline - Date.now()), signal, ...ACTIVE_POLL });
  } catch (e) {
    if (e instanceof PollTimeout) throw activeTimeout(session, id);
    throw e;
  }
}
