// Actions on one server or image row: delete (modal confirmation naming the cloud; a server's
// floating IPs that we created go with it), copy its IP, ID or name, SSH in a terminal, show the
// console log. Each takes the row (or, from automation, the same plus options).
import * as vscode from 'vscode';
import type { CloudRegion } from '../../config/index';
import { deleteServerAndIps, type DeletedServer, guessLoginUser, sshInvocation, findImage, deleteImageAndData, type DeletedImage, consoleLog, showImage } from '../../openstack/index';
import { UserCancelled } from '../commandRunner';
import { reachableAddress } from '../explorer/describe';
import { regionLabel } from '../explorer/explorerModel';
import { ImageNode, ResourceNode, ServerNode } from '../tree/itemNodes';
import { requireTrust, type ActionContext } from './actionContext';

/** Options automation may pass after the row (the extension-host tests do). */
export interface ItemOptions {
  /** Skip the modal confirmation (the caller has asked). */
  confirmed?: boolean;
  /** SSH: log in as this user without asking. */
  user?: string;
}

const SSH_USERS = 'openstack.sshUsers';

function expect<T>(node: unknown, type: abstract new (...args: never[]) => T, what: string): T {
  if (node instanceof type) return node;
  throw new Error(`this command works on a ${what} row of the Clouds view`);
}

async function confirm(message: string, detail: string, options: ItemOptions | undefined): Promise<void> {
  if (options?.confirmed) return;
  const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, 'Delete');
  if (choice !== 'Delete') throw new UserCancelled();
}

function inView<T>(title: string, task: () => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: { viewId: 'openstackClouds' }, title }, task);
}

export async function deleteServer(ctx: ActionContext, node: unknown, options?: ItemOptions): Promise<DeletedServer> {
  requireTrust();
  const server = expect(node, ServerNode, 'server');
  const where = regionLabel(server.region);
  await confirm(`Delete server "${server.name}" on ${where}?`, `Floating IPs that OpenStack Clouds created for it are released too. ID ${server.resourceId}. This cannot be undone.`, options);
  const done = await inView(`Deleting ${server.name}`, () => ctx.pool.using(server.region, (session) =>
    deleteServerAndIps(session, server.resourceId, AbortSignal.timeout(180_000), true)));
  ctx.tree.refreshLists([server.region], ['servers', 'floatingips']);
  const released = done.releasedFloatingIps.length ? `; released ${done.releasedFloatingIps.join(', ')}` : '';
  ctx.log.info(`deleted server ${server.resourceId} on ${where}${released}`);
  void vscode.window.showInformationMessage(`Deleted server ${server.name} on ${where}${released}.`);
  return done;
}

export async function deleteImage(ctx: ActionContext, node: unknown, options?: ItemOptions): Promise<DeletedImage> {
  requireTrust();
  const image = expect(node, ImageNode, 'image');
  const where = regionLabel(image.region);
  await confirm(`Delete image "${image.name}" on ${where}?`, `Servers booted from it keep running. ID ${image.resourceId}. This cannot be undone.`, options);
  const done = await inView(`Deleting ${image.name}`, () => ctx.pool.using(image.region, (session) => deleteImageAndData(session, image.image, AbortSignal.timeout(120_000))));
  ctx.tree.refreshLists([image.region], ['images']);
  ctx.log.info(`deleted image ${image.resourceId} on ${where}`);
  void vscode.window.showInformationMessage(`Deleted image ${image.name} on ${where}.`);
  return done;
}

/** Copies the public IPv4 (the core's IP-1 order), else the public IPv6; returns what was copied. */
export async function copyAddress(summary: { publicV4?: string; publicV6?: string; privateV4?: string }, what: string): Promise<string | undefined> {
  const reachable = reachableAddress(summary);
  if (!reachable) {
    void vscode.window.showWarningMessage(`${what} has no public address${summary.privateV4 ? ` (only the private ${summary.privateV4})` : ''}.`);
    return undefined;
  }
  await vscode.env.clipboard.writeText(reachable.address);
  vscode.window.setStatusBarMessage(`Copied ${reachable.address} (public IPv${reachable.version} of ${what})`, 4000);
  return reachable.address;
}

export function copyIp(node: unknown): Promise<string | undefined> {
  const server = expect(node, ServerNode, 'server');
  return copyAddress(server.summary, `${server.name} on ${regionLabel(server.region)}`);
}

export async function copyText(node: unknown, which: 'id' | 'name'): Promise<string> {
  const row = expect(node, ResourceNode, 'resource');
  const text = which === 'id' ? row.resourceId : row.name;
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`Copied ${text}`, 4000);
  return text;
}

export interface SshTarget {
  id: string;
  name: string;
  summary: { publicV4?: string; publicV6?: string; privateV4?: string };
  /** The server's image: its ID (from the server) or the name or ID it was booted with. */
  imageId?: string;
  imageRef?: string;
  /** The key pair it was booted with (none: the terminal says so). */
  keyName?: string;
}

export async function sshToServer(ctx: ActionContext, node: unknown, options?: ItemOptions): Promise<{ user: string; address: string; terminal: string } | undefined> {
  const server = expect(node, ServerNode, 'server');
  const image = server.entry.server.image;
  const imageId = typeof image === 'object' && image?.id ? image.id : undefined;
  const keyName = server.entry.server.key_name ?? undefined;
  return openSsh(ctx, server.region, { id: server.resourceId, name: server.name, summary: server.summary, imageId, keyName }, options);
}

/**
 * `ssh -o ConnectTimeout=10 <user>@<ip>` in a terminal that first shows that command and what is
 * missing for a login; the user is asked once per image (a guess from its properties).
 */
export async function openSsh(ctx: ActionContext, region: CloudRegion, server: SshTarget, options?: ItemOptions): Promise<{ user: string; address: string; terminal: string } | undefined> {
  requireTrust();
  const reachable = reachableAddress(server.summary);
  if (!reachable) {
    void vscode.window.showWarningMessage(`${server.name} on ${regionLabel(region)} has no public address to SSH to.`);
    return undefined;
  }
  const { user, guessedFromNothing } = await loginUser(ctx, region, server, options);
  const ssh = vscode.workspace.getConfiguration('openstack').get<string>('ssh.path')?.trim() || 'ssh';
  const { args, notes } = sshInvocation({ ssh, user, address: reachable.address, keyName: server.keyName, userGuessedFromNothing: guessedFromNothing });
  const name = `SSH ${server.name}`;
  // No shell in between: the address and the user are arguments, never shell text.
  const terminal = vscode.window.createTerminal({ name, shellPath: ssh, shellArgs: args, message: `${notes.join('\r\n')}\r\n`, iconPath: new vscode.ThemeIcon('terminal') });
  terminal.show();
  ctx.log.info(`${name}: ${notes.join('; ')}`);
  return { user, address: reachable.address, terminal: name };
}

/** The user to log in as: given, remembered for the image, or guessed and confirmed once. */
async function loginUser(ctx: ActionContext, region: CloudRegion, server: SshTarget, options?: ItemOptions): Promise<{ user: string; guessedFromNothing: boolean }> {
  const memoryKey = `${region.name}/${server.imageId ?? server.imageRef ?? ''}`;
  const users = ctx.workspaceState.get<Record<string, string>>(SSH_USERS) ?? {};
  const known = options?.user ?? users[memoryKey];
  if (known) return { user: known, guessedFromNothing: false };
  const guess = guessLoginUser(await imageProperties(ctx, region, server).catch(() => undefined));
  const answer = await vscode.window.showInputBox({
    title: `SSH to ${server.name}: user name`,
    prompt: `Guessed from ${guess.source}; remembered for servers of this image`,
    value: guess.user,
    ignoreFocusOut: true,
    validateInput: (v) => (/^[a-z_][a-z0-9_.-]*\$?$/i.test(v.trim()) ? undefined : 'Not a user name'),
  });
  if (!answer) throw new UserCancelled();
  const user = answer.trim();
  await ctx.workspaceState.update(SSH_USERS, { ...users, [memoryKey]: user });
  return { user, guessedFromNothing: Boolean(guess.fromNothing) && user === guess.user };
}

function imageProperties(ctx: ActionContext, region: CloudRegion, server: SshTarget): Promise<Record<string, unknown> | undefined> {
  return ctx.pool.using(region, async (session) => {
    const signal = AbortSignal.timeout(30_000);
    if (server.imageId) return showImage(session, server.imageId, signal);
    if (server.imageRef) return findImage(session, server.imageRef, signal);
    return undefined;
  });
}

export async function showConsoleLog(ctx: ActionContext, node: unknown): Promise<string> {
  requireTrust();
  const server = expect(node, ServerNode, 'server');
  const lines = vscode.workspace.getConfiguration('openstack').get<number>('console.lines', 500);
  const output = await inView(`Console log of ${server.name}`, () => ctx.pool.using(server.region, (session) =>
    consoleLog(session, server.resourceId, lines > 0 ? lines : undefined, AbortSignal.timeout(60_000))));
  await ctx.documents.show(`${server.name} (${regionLabel(server.region)}) console.log`, output || '(the console log is empty)\n');
  return output;
}
