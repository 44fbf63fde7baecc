// bootFleet: NAME-1..NAME-N on one cloud, at most `parallel` boots at a time, after a quota check
// that refuses before anything is created. Each member is a bootServer (all or nothing: a failed
// member is deleted with its floating IP) and is tried once more after a failure. Every member
// carries the fleet's name in its metadata, so the tree can group it and a delete can find it.
// Image, flavor and networks are looked up once for all members, and one status poller
// (fleetStatus.ts) lists the fleet once per round instead of a GET per waiting member.
import { setMaxListeners } from 'node:events';
import type { Session } from '../session';
import { OpenStackError, isAbortError } from '../errors';
import { bootServer, findBootImage, resolveNetworks, type BootOptions, type BootResult, type FleetShared } from './bootServer';
import { FleetStatus } from './fleetStatus';
import { fleetShortfalls, quotaRefusal } from './fleetQuota';
import { findFlavor } from './lookups';
import { limiter } from '../limiter';

/** Metadata key naming the fleet a server belongs to. */
export const FLEET_KEY = 'openstack-clouds-fleet';

/** The fleet a server was booted in, from its metadata (a cloud's answer: only a string counts). */
export function fleetOf(server: { metadata?: Record<string, unknown> }): string | undefined {
  const fleet = server.metadata?.[FLEET_KEY];
  return typeof fleet === 'string' && fleet ? fleet : undefined;
}

export interface FleetOptions extends Omit<BootOptions, 'name' | 'onProgress'> {
  name: string;
  count: number;
  /** Boots in flight at once on this cloud (default 10). */
  parallel?: number;
  onProgress?: (target: string, progress: FleetProgress) => void;
}

export interface FleetProgress { total: number; active: number; failed: number; retried: number }

export interface FleetMember {
  name: string;
  result?: BootResult;
  error?: Error;
  attempts: number;
}

export interface FleetResult { target: string; members: FleetMember[]; seconds: number }

/** "17/30 ACTIVE · 2 failed". */
export function formatFleetProgress(p: FleetProgress): string {
  return `${p.active}/${p.total} ACTIVE · ${p.failed} failed${p.retried ? ` · ${p.retried} retried` : ''}`;
}

export function fleetMemberNames(name: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${name}-${i + 1}`);
}

export async function bootFleet(session: Session, options: FleetOptions): Promise<FleetResult> {
  const started = performance.now(); // monotonic: see bootServer
  const { signal, count } = options;
  if (!Number.isInteger(count) || count < 1) throw new Error(`a fleet has at least one server, not ${count}`);
  const flavor = await findFlavor(session, options.flavor, signal);
  const found = await fleetShortfalls(session, { servers: count, flavor, portsPerServer: options.networks?.length || 1, floatingIps: options.autoIp ?? true }, signal);
  if (found.length) {
    throw new OpenStackError(quotaRefusal(count, found), { cloud: session.settings.cloud, region: session.settings.regionName || undefined, service: 'compute', kind: 'operation' });
  }
  // Once, not per member: a wrong image name fails the fleet here, not every member twice.
  const image = await findBootImage(session, options, signal);
  const shared: FleetShared = { image, flavorId: flavor.id, networks: await resolveNetworks(session, options.networks ?? [], signal), status: new FleetStatus(session, options.name) };
  const progress: FleetProgress = { total: count, active: 0, failed: 0, retried: 0 };
  const report = () => options.onProgress?.(session.label, { ...progress });
  const members = fleetMemberNames(options.name, count).map((name): FleetMember => ({ name, attempts: 0 }));
  const bootOne = async (member: FleetMember): Promise<void> => {
    const boot = { ...options, name: member.name, image: image.id, imageQuery: undefined, flavor: { nameOrId: flavor.id }, metadata: { ...options.metadata, [FLEET_KEY]: options.name }, onProgress: undefined };
    for (;;) {
      member.attempts++;
      try {
        member.result = await bootServer(session, boot, shared);
        member.error = undefined;
        progress.active++;
        return report();
      } catch (e) {
        member.error = e as Error;
        if (signal?.aborted || isAbortError(e) || member.attempts >= 2) {
          progress.failed++;
          return report();
        }
        progress.retried++;
        report();
      }
    }
  };
  const parallel = Math.max(1, options.parallel ?? 10);
  // Every member in flight listens on the one signal (several listeners each): not a leak.
  if (signal) setMaxListeners(parallel * 8 + 10, signal);
  const limit = limiter(parallel);
  await Promise.all(members.map((m) => limit(() => bootOne(m))));
  return { target: session.label, members, seconds: (performance.now() - started) / 1000 };
}
