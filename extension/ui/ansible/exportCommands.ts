// "Export as Playbook" in VS Code: the core's exported playbook (extension/ansible/) in a new
// untitled editor, for the boot wizard's review, an upload's Results card, a server row ("boot a
// server like this one") and an image row ("upload this image"). The untitled document carries
// a path in the workspace, so Save proposes it and our lint checks it for the same openstack.cloud
// version it was written for: the one the lint chooses there (a repository pin, else the setting,
// else 2.x). It names clouds only: credentials stay in clouds.yaml.
import * as vscode from 'vscode';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CloudRegion } from '../../config/index';
import { exportBootPlaybook, exportUploadPlaybook, type BootExport, type CollectionVersion, type UploadExport } from '../../ansible/exportPlaybook';
import { bootExportOfServer, uploadExportOfImage } from '../../ansible/exportResources';
import { CollectionTargetCache } from '../../language/collectionVersion';
import { fetchServerDetails } from '../../openstack/index';
import { withNeutronFloatingIps } from '../../openstack/compute/addresses';
import { requireTrust, type ActionContext } from '../actions/actionContext';
import { expect } from '../actions/serverActions';
import { regionLabel } from '../explorer/explorerModel';
import { configuredCollectionVersion, fileSnapshot } from '../language/registerLanguage';
import { ImageNode, ServerNode } from '../tree/itemNodes';

const GENERATOR = 'OpenStack Clouds for VS Code';

type Choices<T> = Omit<T, 'clouds' | 'collectionVersion' | 'generator'>;

/** The clouds a playbook names: each chosen region's cloud, once (a playbook uses each cloud's default region). */
export function cloudsOf(targets: readonly CloudRegion[]): string[] {
  return [...new Set(targets.map((t) => t.name))];
}

/** The boot as a playbook, opened in a new editor. */
export function openBootPlaybook(ctx: ActionContext, targets: readonly CloudRegion[], choices: Choices<BootExport>): Promise<vscode.TextDocument> {
  const clouds = cloudsOf(targets);
  ctx.log.info(`export of the boot of ${choices.name} on ${clouds.join(', ')} as a playbook`);
  return openPlaybook(`boot-${choices.name}`, (v) => exportBootPlaybook({ ...choices, clouds, collectionVersion: v, generator: GENERATOR }));
}

/** The upload as a playbook, opened in a new editor. */
export function openUploadPlaybook(ctx: ActionContext, targets: readonly CloudRegion[], choices: Choices<UploadExport>): Promise<vscode.TextDocument> {
  const clouds = cloudsOf(targets);
  ctx.log.info(`export of the upload of ${choices.name} to ${clouds.join(', ')} as a playbook`);
  return openPlaybook(`upload-${choices.name}`, (v) => exportUploadPlaybook({ ...choices, clouds, collectionVersion: v, generator: GENERATOR }));
}

/** A server row: the playbook that boots a server like it (read afresh: names of its image and flavor, its groups). */
export async function exportServerPlaybook(ctx: ActionContext, node: unknown): Promise<string> {
  requireTrust();
  const server = expect(node, ServerNode, 'server');
  // Nova may not list a floating IP yet (its cache lags Neutron): the server's ports say it.
  const details = await ctx.pool.using(server.region, async (session) => {
    const signal = AbortSignal.timeout(60_000);
    const found = await fetchServerDetails(session, server.resourceId, signal);
    return found && { ...found, server: await withNeutronFloatingIps(session, found.server, signal) };
  });
  if (!details) {
    ctx.tree.refreshLists([server.region], ['servers']);
    throw new Error(vscode.l10n.t('{0}: {1} no longer exists', regionLabel(server.region), server.name));
  }
  return (await openBootPlaybook(ctx, [server.region], bootExportOfServer(details))).getText();
}

/** An image row: the playbook that uploads it (its file unknown: `image_file`, marked, for the user to set). */
export async function exportImagePlaybook(ctx: ActionContext, node: unknown): Promise<string> {
  const image = expect(node, ImageNode, 'image');
  const clouds = cloudsOf([image.region]);
  const doc = await openPlaybook(`upload-${image.name || image.resourceId}`, (v) => exportUploadPlaybook({ ...uploadExportOfImage(image.image, v), clouds, collectionVersion: v, generator: GENERATOR }));
  ctx.log.info(`export of image ${image.name} (${regionLabel(image.region)}) as a playbook; image_file is left to fill in`);
  return doc.getText();
}

/**
 * Writes the playbook for the version the lint chooses at its future path, and opens it untitled
 * (language `ansible` when the Ansible extension provides it, else YAML: our lint reads both).
 */
export async function openPlaybook(base: string, write: (version: CollectionVersion) => string): Promise<vscode.TextDocument> {
  const file = freePath(`${slug(base)}.yml`);
  const target = new CollectionTargetCache(fileSnapshot, configuredCollectionVersion).of(file);
  const text = write(target.major === 1 ? '1' : '2');
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file).with({ scheme: 'untitled' }));
  const edit = new vscode.WorkspaceEdit();
  edit.insert(doc.uri, new vscode.Position(0, 0), text);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`the exported playbook could not be written into ${path.basename(file)}`);
  const language = (await vscode.languages.getLanguages()).includes('ansible') ? 'ansible' : 'yaml';
  const typed = doc.languageId === language ? doc : await vscode.languages.setTextDocumentLanguage(doc, language);
  // In the text editors' column: not over the Results view when its card's button asked.
  await vscode.window.showTextDocument(typed, { preview: false, viewColumn: vscode.window.activeTextEditor?.viewColumn ?? vscode.ViewColumn.One });
  return typed;
}

/** A name for the file: letters, digits, dot, dash and underscore. */
function slug(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '').slice(0, 80) || 'playbook';
}

/** In the first workspace folder (else the home folder), a name no file and no open document has. */
function freePath(name: string): string {
  const dir = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath ?? os.homedir();
  const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.fsPath));
  const ext = path.extname(name);
  for (let n = 1; ; n++) {
    const file = path.join(dir, n === 1 ? name : `${path.basename(name, ext)}-${n}${ext}`);
    if (!open.has(file) && !fs.existsSync(file)) return file;
  }
}
