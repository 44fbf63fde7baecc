// Resources change on their own after a request (a server building or rebooting, an image being
// saved or imported, a floating IP being attached): like a cloud console, a list that holds such
// a resource is loaded again until every one has settled: soon at first, then less often, and
// not for ever. No `vscode` here (unit-tested).
import type { FloatingIp, Image, ServerWithSummary } from '../../openstack/index';
import type { ListItems, ListKind } from './resourceKinds';

/** Nova statuses that end by themselves (the others, ACTIVE, SHUTOFF, ERROR, ..., stay until asked). */
const CHANGING_STATUSES = new Set(['BUILD', 'REBUILD', 'REBOOT', 'HARD_REBOOT', 'RESIZE', 'REVERT_RESIZE', 'MIGRATING', 'PASSWORD']);

/** Delays between the loads of a list that is settling; the last one repeats. */
export const SETTLE_DELAYS_MS = [2000, 3000, 5000, 10000, 15000];
/** Loads at most, per settling spell (about 14 minutes): a server stuck in BUILD is not polled for ever. */
export const MAX_SETTLE_POLLS = 60;

export function isChanging(server: ServerWithSummary['server']): boolean {
  return CHANGING_STATUSES.has(server.status?.toUpperCase()) || !!server['OS-EXT-STS:task_state'];
}

/** Glance statuses on the way to `active` (an upload, a snapshot being saved, an import). */
const CHANGING_IMAGE_STATUSES = new Set(['queued', 'saving', 'importing', 'uploading']);

export function isImageChanging(image: Pick<Image, 'status'>): boolean {
  return CHANGING_IMAGE_STATUSES.has(image.status?.toLowerCase());
}

/**
 * Neutron reports a floating IP ACTIVE once its port's router has it, DOWN when it is not
 * attached: attached and still DOWN is an attach on its way, detached and still ACTIVE a detach.
 * (A backend that never reports ACTIVE is polled until MAX_SETTLE_POLLS, then left alone.)
 */
export function isFloatingIpChanging(ip: Pick<FloatingIp, 'port_id' | 'status'>): boolean {
  const status = ip.status?.toUpperCase();
  return ip.port_id ? status === 'DOWN' : status === 'ACTIVE';
}

const CHANGING: { [K in ListKind]?: (item: ListItems[K]) => boolean } = {
  servers: (i) => isChanging(i.server),
  images: isImageChanging,
  floatingips: isFloatingIpChanging,
};

/** How long until the list should be loaded again, or undefined when it has settled (or polls ran out). */
export function nextSettleDelay<K extends ListKind>(kind: K, items: readonly ListItems[K][], pollsSoFar: number): number | undefined {
  const changing = CHANGING[kind] as ((item: ListItems[K]) => boolean) | undefined;
  if (!changing || pollsSoFar >= MAX_SETTLE_POLLS) return undefined;
  if (!items.some(changing)) return undefined;
  return SETTLE_DELAYS_MS[Math.min(pollsSoFar, SETTLE_DELAYS_MS.length - 1)];
}
