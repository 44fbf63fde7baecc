// Reboot, stop, start and rebuild a server (Nova's POST /servers/{id}/action). Nova refuses an
// action the server's state does not allow with HTTP 409 ("Cannot 'os-stop' instance ... while
// it is in vm_state stopped"): that is said in the user's words, naming the status the server is in.
import type { Session } from '../session';
import { OpenStackError } from '../errors';
import { pollUntil } from '../poll';
import * as nova from '../services/compute';

export type PowerAction = 'reboot' | 'hardReboot' | 'stop' | 'start';

export const POWER_ACTIONS: readonly PowerAction[] = ['reboot', 'hardReboot', 'stop', 'start'];

/** The request body of each action, its verb for messages, and the status it ends in. */
const ACTIONS: Record<PowerAction, { body: Record<string, unknown>; verb: string; settlesAs: string }> = {
  reboot: { body: { reboot: { type: 'SOFT' } }, verb: 'reboot', settlesAs: 'ACTIVE' },
  hardReboot: { body: { reboot: { type: 'HARD' } }, verb: 'hard-reboot', settlesAs: 'ACTIVE' },
  stop: { body: { 'os-stop': null }, verb: 'stop', settlesAs: 'SHUTOFF' },
  start: { body: { 'os-start': null }, verb: 'start', settlesAs: 'ACTIVE' },
};

/** The status a server reaches once `action` is done. */
export function settledStatus(action: PowerAction): string {
  return ACTIONS[action].settlesAs;
}

export function actionVerb(action: PowerAction): string {
  return ACTIONS[action].verb;
}

/** Statuses in which an action makes sense (menus offer it there; Nova has the last word). */
export function allowedIn(action: PowerAction, status: string): boolean {
  const s = status.toUpperCase();
  if (action === 'start') return s === 'SHUTOFF';
  if (action === 'stop') return s === 'ACTIVE' || s === 'ERROR';
  if (action === 'reboot') return s === 'ACTIVE';
  return s === 'ACTIVE' || s === 'SHUTOFF' || s === 'ERROR' || s === 'REBOOT';
}

export interface ServerRef {
  id: string;
  /** For messages; the ID when unknown. */
  name?: string;
}

/** Sends the action; 202 is Nova's only success answer. A 409 becomes a message naming the server's status. */
export async function powerAction(session: Session, server: ServerRef, action: PowerAction, signal?: AbortSignal): Promise<void> {
  await serverAction(session, server, ACTIONS[action].verb, ACTIONS[action].body, signal);
}

/** Rebuilds the server from another image (its disk is replaced; name, IPs and flavor stay). */
export async function rebuildServer(session: Session, server: ServerRef, imageId: string, signal?: AbortSignal): Promise<void> {
  await serverAction(session, server, 'rebuild', { rebuild: { imageRef: imageId } }, signal);
}

async function serverAction(session: Session, server: ServerRef, verb: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<void> {
  try {
    const res = await session.request({ service: 'compute', method: 'POST', path: `servers/${encodeURIComponent(server.id)}/action`, json: body, expect: [202], signal, idempotent: false });
    await res.body.dump();
  } catch (e) {
    if (e instanceof OpenStackError && (e.status === 409 || e.status === 404)) throw await refusal(session, server, verb, e, signal);
    throw e;
  }
}

/** Why Nova refused: the server's status now (asked once more), with Nova's own message. */
async function refusal(session: Session, server: ServerRef, verb: string, e: OpenStackError, signal?: AbortSignal): Promise<OpenStackError> {
  const name = server.name ? `"${server.name}"` : server.id;
  let summary: string;
  if (e.status === 404) summary = `cannot ${verb} server ${name}: it no longer exists`;
  else {
    const now = await nova.showServer(session, server.id, signal).catch(() => undefined);
    const task = now?.['OS-EXT-STS:task_state'];
    const state = now ? `${now.status}${task ? ` (${task})` : ''}` : 'in a state that does not allow it';
    summary = `cannot ${verb} server ${name} while it is ${state}`;
  }
  return new OpenStackError(summary, {
    cloud: session.settings.cloud, region: session.settings.regionName || undefined, service: 'compute', method: 'POST',
    status: e.status, fault: e.fault, requestId: e.requestId, kind: 'http', secrets: session.secrets(), cause: e,
  });
}

/** Nova took the action but the compute host undid it (the task state went, the status stayed). */
export class ActionReverted extends OpenStackError {}

/**
 * Waits until the server has done `action`: in its settled status with no task running. An
 * ERROR status ends the wait with the server's fault. Nova sets the task state (powering-off,
 * rebooting, ...) before it answers 202, so a server without one that is not in the settled
 * status had its action undone by the compute host: ActionReverted (twice seen, to be sure).
 */
export async function waitForPowerAction(session: Session, server: ServerRef, action: PowerAction, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<nova.Server> {
  const want = ACTIONS[action].settlesAs;
  const where = { cloud: session.settings.cloud, region: session.settings.regionName || undefined, service: 'compute', secrets: session.secrets() };
  const name = server.name ?? server.id;
  let undone = 0;
  return pollUntil(async () => {
    const now = await nova.showServer(session, server.id, options.signal);
    if (!now) throw new OpenStackError(`server ${name} disappeared while waiting for it to ${ACTIONS[action].verb}`, { ...where, kind: 'operation' });
    if (now.status === 'ERROR') throw new OpenStackError(`server ${name} went into ERROR`, { ...where, kind: 'operation', fault: now.fault?.message });
    const busy = !!now['OS-EXT-STS:task_state'];
    if (!busy && now.status === want) return now;
    undone = busy || !STEADY.has(now.status) ? 0 : undone + 1;
    if (undone >= 2) throw new ActionReverted(`the cloud did not ${ACTIONS[action].verb} server ${name}: it is ${now.status} again (the compute host undid the action; the server's instance actions say why)`, { ...where, kind: 'operation' });
    return undefined;
  }, { timeoutMs: options.timeoutMs ?? 180_000, signal: options.signal, initialMs: 500, maxMs: 3000 });
}

/** Statuses that stay until someone acts: a server in one without a task state is done changing. */
const STEADY = new Set(['ACTIVE', 'SHUTOFF', 'PAUSED', 'SUSPENDED', 'SHELVED', 'SHELVED_OFFLOADED', 'RESCUE', 'VERIFY_RESIZE']);

/** Waits until a rebuilt server has settled (no task, a steady status); ERROR ends it with the fault. */
export async function waitForRebuild(session: Session, server: ServerRef, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<nova.Server> {
  const where = { cloud: session.settings.cloud, region: session.settings.regionName || undefined, service: 'compute', secrets: session.secrets() };
  const name = server.name ?? server.id;
  return pollUntil(async () => {
    const now = await nova.showServer(session, server.id, options.signal);
    if (!now) throw new OpenStackError(`server ${name} disappeared while it was being rebuilt`, { ...where, kind: 'operation' });
    if (now.status === 'ERROR') throw new OpenStackError(`server ${name} went into ERROR while it was being rebuilt`, { ...where, kind: 'operation', fault: now.fault?.message });
    return !now['OS-EXT-STS:task_state'] && STEADY.has(now.status) ? now : undefined;
  }, { timeoutMs: options.timeoutMs ?? 600_000, signal: options.signal, initialMs: 1000, maxMs: 3000 });
}
