// Actions on server and image rows: delete (one modal confirmation listing the selected rows and
// their clouds; a server's floating IPs that we created go with it), copy its IP, ID or name, SSH
// in a terminal, show the console log. Each takes the row (or, from automation, the same plus options).
import * as vscode from 'vscode';
import type { CloudRegion } from '../../config/index';
import os from 'node:os';
import { deleteServerAndIps, type DeletedServer, guessLoginUser, sshInvocation, sshSettingsFor, findImage, deleteImageAndData, type DeletedImage, consoleLog, showImage } from '../../openstack/index';
import { UserCancelled } from '../commandRunner';
import { reachableAddress } from '../explorer/describe';
import { regionLabel } from '../explorer/explorerModel';
import { ImageNode, ResourceNode, ServerNode } from '../tree/itemNodes';
import { requireTrust, type ActionContext } from './actionContext';
import { deleteConfirmation, rowsToDelete, type DeleteKind } from './deleteConfirmation';
import { summarize, type TargetOutcome } from './outcomes';

/** Options automation may pass after the row (the extension-host tests do). */
export interface ItemOptions {
  /** Skip the modal confirmation (the caller has asked). */
  confirmed?: boolean;
  /** SSH: log in as this user without asking. */
  user?: string;
}

const SSH_USERS = 'openstack.sshUsers';
/** `openstackClouds.ssh.user` / `.identityFile`: a string, or cloud name → value with "*" (read as given). */
const setting = (key: string): unknown => vscode.workspace.getConfiguration('openstackClouds').get<unknown>(key);

export function expect<T>(node: unknown, type: abstract new (...args: never[]) => T, what: string): T {
  if (node instanceof type) return node;
  const given = node === undefined ? 'nothing' : node === null ? 'null' : (node as object).constructor?.name ?? typeof node;
  throw new Error(`this command works on a ${what} row of the Clouds view (it was given ${given})`);
}

async function confirm(kind: DeleteKind, rows: readonly ResourceNode[], options: ItemOptions | undefined): Promise<void> {
  if (options?.confirmed) return;
  const { message, detail } = deleteConfirmation(kind, rows.map((r) => ({ where: regionLabel(r.region), name: r.name, id: r.resourceId })));
  const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, 'Delete');
  if (choice !== 'Delete') throw new UserCancelled();
}

function inView<T>(title: string, task: () => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: { viewId: 'openstackClouds' }, title }, task);
}

/** The row(s) a delete acts on, and the options: `(row, selectedRows?, options?)` from a menu, `(row, options)` from automation. */
function deleteArgs<T extends ResourceNode>(node: unknown, second: unknown, third: unknown, type: abstract new (...args: never[]) => T, what: string): { rows: T[]; options?: ItemOptions } {
  const rows = rowsToDelete(node, second, (r): r is T => r instanceof type);
  if (!rows.length) expect(node, type, what);
  return { rows, options: (Array.isArray(second) ? third : second) as ItemOptions | undefined };
}

/**
 * Deletes the rows, each on its own cloud, all at once after one confirmation; the lists follow.
 * One row: its result (or its error). Several: every result, and one message naming the failures.
 */
async function deleteRows<T extends ResourceNode, R>(ctx: ActionContext, kind: DeleteKind, rows: T[], options: ItemOptions | undefined, remove: (row: T) => Promise<R>, done: (row: T, result: R) => string): Promise<R | R[]> {
  requireTrust();
  await confirm(kind, rows, options);
  const title = rows.length === 1 ? `Deleting ${rows[0]!.name}` : `Deleting ${rows.length} ${kind}s`;
  const outcomes = await inView(title, () => Promise.all(rows.map(async (row): Promise<TargetOutcome<R>> => {
    const target = regionLabel(row.region);
    try {
      const value = await remove(row);
      ctx.log.info(`deleted ${kind} ${row.resourceId} on ${done(row, value)}`);
      return { target, value };
    } catch (e) {
      ctx.log.error(`deleting ${kind} ${row.resourceId} on ${target} failed`, e);
      return { target, error: e as Error };
    }
  })));
  ctx.tree.refreshLists(rows.map((r) => r.region), kind === 'server' ? ['servers', 'floatingips'] : ['images']);
  if (rows.length === 1) {
    if (outcomes[0]!.error) throw outcomes[0]!.error;
    void vscode.window.showInformationMessage(`Deleted ${kind} ${rows[0]!.name} on ${done(rows[0]!, outcomes[0]!.value!)}.`);
    return outcomes[0]!.value!;
  }
  const names = [...new Set(rows.map((r) => r.name))];
  const summary = summarize(`Delete of ${names.length === 1 ? names[0] : `${rows.length} ${kind}s`}`, outcomes, 'deleted');
  const show = summary.severity === 'info' ? vscode.window.showInformationMessage : summary.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  void show(summary.message, ...(summary.failed.length ? ['Show Log'] : [])).then((c) => (c ? ctx.log.show() : undefined));
  return outcomes.flatMap((o) => (o.value !== undefined ? [o.value] : []));
}

export async function deleteServer(ctx: ActionContext, node: unknown, second?: unknown, third?: unknown): Promise<DeletedServer | DeletedServer[]> {
  const { rows, options } = deleteArgs(node, second, third, ServerNode, 'server');
  return deleteRows(ctx, 'server', rows, options,
    (server) => ctx.pool.using(server.region, (session) => deleteServerAndIps(session, server.resourceId, AbortSignal.timeout(180_000), true)),
    (server, done) => `${regionLabel(server.region)}${done.releasedFloatingIps.length ? `; released ${done.releasedFloatingIps.join(', ')}` : ''}`);
}

export async function deleteImage(ctx: ActionContext, node: unknown, second?: unknown, third?: unknown): Promise<DeletedImage | DeletedImage[]> {
  const { rows, options } = deleteArgs(node, second, third, ImageNode, 'image');
  return deleteRows(ctx, 'image', rows, options,
    (image) => ctx.pool.using(image.region, (session) => deleteImageAndData(session, image.image, AbortSignal.timeout(120_000))),
    (image) => regionLabel(image.region));
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
  const configured = sshSettingsFor(region.name, { user: setting('ssh.user'), identityFile: setting('ssh.identityFile') }, os.homedir());
  const { user, guessedFromNothing } = await loginUser(ctx, region, server, { ...options, user: options?.user ?? configured.user });
  const ssh = vscode.workspace.getConfiguration('openstack').get<string>('ssh.path')?.trim() || 'ssh';
  const invocation = sshInvocation({ ssh, user, address: reachable.address, keyName: server.keyName, userGuessedFromNothing: guessedFromNothing, identityFile: configured.identityFile });
  const { args } = invocation;
  const notes = [...invocation.notes, ...configured.problems];
  const name = `SSH ${server.name}`;
  // No shell in between: the address and the user are arguments, never shell text.
  const terminal = vscode.window.createTerminal({ name, shellPath: ssh, shellArgs: args, message: `${notes.join('\r\n')}\r\n`, iconPath: new vscode.ThemeIcon('terminal') });
  terminal.show();
  ctx.log.info(`${name}: ${notes.join('; ')}`);
  return { user, address: reachable.address, terminal: name };
}

/** The user to log in as: given (by automation or `openstackClouds.ssh.user`), remembered for the image, or guessed and confirmed once. */
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
