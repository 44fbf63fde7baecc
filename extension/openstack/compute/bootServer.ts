// bootServer: image, flavor, networks, key and user data -> a server that is ACTIVE and, with
// auto_ip, reachable from the internet (§5.1, §5.2, §5.4). All or nothing: when any step fails
// or is cancelled, the server and the floating IP we created are deleted again.
import crypto from 'node:crypto';
import type { Session } from '../session';
import { OpenStackError, isAbortError } from '../errors';
import { pollUntil, PollTimeout } from '../poll';
import * as nova from '../services/compute';
import type { Server } from '../services/compute';
import type { FloatingIp } from '../services/network';
import { collect } from '../services/paging';
import { findFlavor, findImage, findNetwork, regexLiteral, type FlavorWish } from './lookups';
import type { Image } from '../services/image';
import { describeQuery, findImageBySource, type ImageQuery } from '../images/imageBySource';
import { interestingNetworks } from './networkDiscovery';
import { addAutoIp, needsFloatingIp } from './floatingIps';
import { addressContext, summarize, type ServerSummary } from './servers';
import { withNeutronFloatingIps } from './addresses';
import { deleteServerAndIps } from './deleteServer';

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

/** Metadata key holding a random token per boot request: a POST that failed unclearly can be found. */
export const BOOT_TOKEN_KEY = 'openstack-clouds-boot';

export async function bootServer(session: Session, options: BootOptions): Promise<BootResult> {
  const started = Date.now();
  const { signal } = options;
  const deadline = started + (options.timeoutMs ?? 300_000);
  const step = (s: string) => options.onProgress?.(session.label, s);
  step('resolving image, flavor and networks');
  const [image, flavor, networks] = await Promise.all([
    findBootImage(session, options, signal),
    findFlavor(session, options.flavor, signal),
    resolveNetworks(session, options.networks ?? [], signal),
  ]);
  const bootToken = crypto.randomUUID();
  const request: Record<string, unknown> = {
    name: options.name,
    imageRef: image.id,
    flavorRef: flavor.id,
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
    let server = await waitForActive(session, created.id, deadline, signal);
    server = await withNeutronFloatingIps(session, server, signal);
    let attached: Awaited<ReturnType<typeof addAutoIp>> | undefined;
    let reason: string | undefined;
    if (options.autoIp ?? true) {
      const need = await needsFloatingIp(session, server, options.natDestination, signal);
      if (need.needed) {
        step('attaching a floating IP');
        attached = await addAutoIp(session, server, { reuse: options.reuseIps, natDestination: options.natDestination, timeoutMs: Math.max(5_000, deadline - Date.now()), signal });
        server = await withNeutronFloatingIps(session, (await nova.showServer(session, server.id, signal)) ?? server, signal);
      } else reason = need.reason;
    }
    const summary = summarize(server, await addressContext(session, signal));
    step('done');
    return { ...summary, target: session.label, floatingIp: attached?.floatingIp, floatingIpCreated: !!attached?.created, noFloatingIpReason: reason, seconds: (Date.now() - started) / 1000, image: { id: image.id, name: image.name } };
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

async function resolveNetworks(session: Session, names: string[], signal?: AbortSignal): Promise<string[]> {
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

async function waitForActive(session: Session, id: string, deadline: number, signal?: AbortSignal): Promise<Server> {
  try {
    return await pollUntil(async () => {
      const server = await nova.showServer(session, id, signal).catch((e) => {
        if (isAbortError(e)) throw e;
        return undefined; // NV-3: errors while waiting are ignored; the deadline bounds them
      });
      if (!server) return undefined;
      if (server.status === 'ERROR') {
        throw opError(session, `Error in creating the server ${id}. Compute service reports fault: ${server.fault?.message ?? '(no further information available)'}`);
      }
      if (server.status !== 'ACTIVE') return undefined;
      if (!server.addresses || Object.keys(server.addresses).length === 0) throw opError(session, `server ${id} reached ACTIVE state without being allocated an IP address`);
      return server;
    }, { timeoutMs: Math.max(1000, deadline - Date.now()), signal, initialMs: 250, maxMs: 2000 });
  } catch (e) {
    if (e instanceof PollTimeout) throw opError(session, `Timeout waiting for the server ${id} to come up.`);
    throw e;
  }
}

function opError(session: Session, summary: string, kind: OpenStackError['kind'] = 'operation'): OpenStackError {
  return new OpenStackError(summary, { cloud: session.settings.cloud, region: session.settings.regionName || undefined, service: 'compute', kind });
}
