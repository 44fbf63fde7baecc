// bootServer: image, flavor, networks, key and user data -> a server that is ACTIVE and, with
// auto_ip, reachable from the internet (§5.1, §5.2, §5.4). All or nothing: when any step fails
// or is cancelled, the server and the floating IP we created are deleted again.
import crypto from 'node:crypto';
import type { Session } from '../session';
import { OpenStackError, isAbortError } from '../errors';
import * as nova from '../services/compute';
import type { Server } from '../services/compute';
import { listPorts, type FloatingIp, type Port } from '../services/network';
import { collect } from '../services/paging';
import { findFlavor, findImage, findNetwork, regexLiteral, type FlavorWish } from './lookups';
import type { Image } from '../services/image';
import { describeQuery, findImageBySource, type ImageQuery } from '../images/imageBySource';
import { interestingNetworks } from './networkDiscovery';
import { addAutoIp, needsFloatingIp } from './floatingIps';
import { addressContext, summarize, type ServerSummary } from './servers';
import { withNeutronFloatingIps } from './addresses';
import { deleteServerAndIps } from './deleteServer';
import { computeError as opError, waitForActive } from './waitActive';
import type { FleetStatus } from './fleetStatus';

export interface BootOptions {
  name: string;
  image: string;
  /** Find the image by os_distro/os_version/architecture first (boot --image ubuntu:24.04); `image` is the name fallback. */
  imageQuery?: ImageQuery;
  flavor: FlavorWish;
  networks?: string[];
  keyName?: string;
  userData?: string;
  metadata?: Record<string, string>;
  securityGroups?: string[];
  autoIp?: boolean;
  reuseIps?: boolean;
  natDestination?: string;
  timeoutMs?: number;
  keepOnFailure?: boolean;
  signal?: AbortSignal;
  onProgress?: (target: string, step: string) => void;
}

export interface BootResult extends ServerSummary {
  target: string;
  floatingIp?: FloatingIp;
  floatingIpCreated: boolean;
  /** Why no floating IP was added, when auto_ip found none needed. */
  noFloatingIpReason?: string;
  seconds: number;
  /** The image booted (said per cloud when it was found by what it is). */
  image: { id: string; name: string };
}

/**
 * What bootFleet worked out once for all its members: the image, flavor and network ids (looked
 * up again per member they were 3 requests a server), and the fleet's one status poller.
 */
export interface FleetShared {
  image: Image;
  flavorId: string;
  networks: string[];
  status: FleetStatus;
}

/** Metadata key holding a random token per boot request: a POST that failed unclearly can be found. */
export const BOOT_TOKEN_KEY = 'openstack-clouds-boot';

export async function bootServer(session: Session, options: BootOptions, fleet?: FleetShared): Promise<BootResult> {
  // Durations on the monotonic clock: a wall clock stepped by NTP (seen: 11 s on this VM) would
  // report a boot that never took that long. The deadline stays on Date.now(), as callers give it.
  const started = performance.now();
  const { signal } = options;
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  const step = (s: string) => options.onProgress?.(session.label, s);
  step('resolving image, flavor and networks');
  const [image, flavorId, networks] = fleet ? [fleet.image, fleet.flavorId, fleet.networks] : await Promise.all([
    findBootImage(session, options, signal),
    findFlavor(session, options.flavor, signal).then((f) => f.id),
    resolveNetworks(session, options.networks ?? [], signal),
  ]);
  const bootToken = crypto.randomUUID();
  const request: Record<string, unknown> = {
    name: options.name,
    imageRef: image.id,
    flavorRef: flavorId,
    metadata: { ...options.metadata, [BOOT_TOKEN_KEY]: bootToken },
    ...(networks.length ? { networks: networks.map((uuid) => ({ uuid })) } : {}),
    ...(options.keyName ? { key_name: options.keyName } : {}),
    ...(options.userData ? { user_data: Buffer.from(options.userData).toString('base64') } : {}),
    ...(options.securityGroups?.length ? { security_groups: options.securityGroups.map((name) => ({ name })) } : {}),
  };
  step('creating server');
  const created = await createOnce(session, request, bootToken, signal);
  try {
    step('waiting for ACTIVE');
    let server = fleet
      ? await fleet.status.wait(created.id, Date.now() + Math.max(1000, deadline - Date.now()), signal)
      : await waitForActive(session, created.id, deadline, signal);
    // Listed once, when first needed: the floating IPs nova may not show yet, the NAT destination
    // and the attach all look at the same ports, which attaching a floating IP does not change.
    let ports: Promise<Port[]> | undefined;
    const serverPorts = () => (ports ??= listPorts(session, { device_id: created.id }, signal));
    server = await withNeutronFloatingIps(session, server, signal, serverPorts);
    let attached: Awaited<ReturnType<typeof addAutoIp>> | undefined;
    let reason: string | undefined;
    if (options.autoIp ?? true) {
      const need = await needsFloatingIp(session, server, options.natDestination, signal, serverPorts);
      if (need.needed) {
        step('attaching a floating IP');
        attached = await addAutoIp(session, server, { reuse: options.reuseIps, natDestination: options.natDestination, timeoutMs: Math.max(5_000, deadline - Date.now()), signal, ports: serverPorts });
        server = await withNeutronFloatingIps(session, (await nova.showServer(session, server.id, signal)) ?? server, signal, serverPorts);
      } else reason = need.reason;
    }
    const summary = summarize(server, await addressContext(session, signal));
    step('done');
    return { ...summary, target: session.label, floatingIp: attached?.floatingIp, floatingIpCreated: !!attached?.created, noFloatingIpReason: reason, seconds: (performance.now() - started) / 1000, image: { id: image.id, name: image.name } };
  } catch (e) {
    if (!options.keepOnFailure) await deleteServerAndIps(session, created.id, AbortSignal.timeout(60_000)).catch(() => undefined);
    if (signal?.aborted || isAbortError(e)) throw opError(session, `boot of ${options.name} cancelled; the server was deleted`, 'cancelled');
    throw e;
  }
}

/** The image a boot uses: by name or id, or for `ubuntu:24.04`-style references by source. */
export async function findBootImage(session: Session, options: Pick<BootOptions, 'image' | 'imageQuery'>, signal?: AbortSignal): Promise<Image> {
  if (!options.imageQuery) return findImage(session, options.image, signal);
  const bySource = await findImageBySource(session, options.imageQuery, signal);
  if (bySource) return bySource;
  return findImage(session, options.image, signal).catch((e) => {
    throw opError(session, `no active image with ${describeQuery(options.imageQuery!)}, and ${(e as Error).message.replace(/^[^:]*: /, '')}`);
  });
}

/** The network ids a boot asks for: the given ones, else the cloud's default or the project's only one. */
export async function resolveNetworks(session: Session, names: string[], signal?: AbortSignal): Promise<string[]> {
  if (names.length) return Promise.all(names.map(async (n) => (await findNetwork(session, n, signal)).id));
  const nets = await interestingNetworks(session, signal);
  if (nets.defaultNetwork) return [nets.defaultNetwork.id];
  // Nova refuses to choose among several networks; a project with exactly one of its own is clear.
  const own = nets.all.filter((n) => !n['router:external'] && !n.shared);
  return own.length === 1 ? [own[0].id] : [];
}

/** POST /servers, retried only when we can tell whether the failed attempt created the server. */
async function createOnce(session: Session, request: Record<string, unknown>, bootToken: string, signal?: AbortSignal): Promise<Server> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await nova.createServer(session, request, signal);
    } catch (e) {
      const unclear = e instanceof OpenStackError && (e.kind === 'network' || e.kind === 'timeout' || (e.status ?? 0) >= 500);
      if (!unclear || attempt >= 3) throw e;
      const mine = (await collect(nova.listServers(session, { name: `^${regexLiteral(String(request.name))}$` }, signal)))
        .find((s) => s.metadata?.[BOOT_TOKEN_KEY] === bootToken);
      if (mine) return mine;
    }
  }
}
