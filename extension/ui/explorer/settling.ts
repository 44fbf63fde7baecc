// Servers change on their own after a request (building, rebooting, being deleted): like a cloud
// console, a Servers list that holds such a server is loaded again until every server has
// settled: soon at first, then less often, and not for ever. No `vscode` here (unit-tested).
import type { ServerWithSummary } from '../../openstack/index';
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

/** How long until the list should be loaded again, or undefined when it has settled (or polls ran out). */
export function nextSettleDelay<K extends ListKind>(kind: K, items: readonly ListItems[K][], pollsSoFar: number): number | undefined {
  if (kind !== 'servers' || pollsSoFar >= MAX_SETTLE_POLLS) return undefined;
  if (!(items as readonly ServerWithSummary[]).some((i) => isChanging(i.server))) return undefined;
  return SETTLE_DELAYS_MS[Math.min(pollsSoFar, SETTLE_DELAYS_MS.length - 1)];
}
