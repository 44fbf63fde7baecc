import * as vscode from 'vscode';
import os from 'node:os';
import path from 'node:path';
import { CLOUDS_YAML_TEMPLATE } from '../config/template';
import type { CloudsConfigService } from './cloudsConfigService';
import { UserCancelled } from './commandRunner';
import { keyNodeAt } from '../yaml/positionedYaml';
import { offendingKey } from './explorer/failureText';
import { ErrorNode } from './tree/messageNodes';
import { CloudNode, toRange } from './tree/nodes';

/** Opens the clouds.yaml in use, or offers to create one when there is none. */
export async function openCloudsFile(config: CloudsConfigService): Promise<void> {
  const loaded = await config.get();
  const file = loaded.files.clouds;
  if (file) {
    await vscode.window.showTextDocument(vscode.Uri.file(file.path));
    return;
  }
  const choice = await vscode.window.showInformationMessage('No clouds.yaml was found.', 'Create clouds.yaml');
  if (choice === 'Create clouds.yaml') await createCloudsFile(config);
}

/**
 * Writes the commented template to a clouds.yaml and opens it. `target` (a Uri) skips the
 * question where to put it; without a workspace the user's ~/.config/openstack is the place.
 */
export async function createCloudsFile(config: CloudsConfigService, target?: vscode.Uri): Promise<vscode.Uri> {
  const uri = target ?? (await askWhere());
  const exists = await vscode.workspace.fs.stat(uri).then(() => true, () => false);
  if (!exists) {
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(path.dirname(uri.fsPath)));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(CLOUDS_YAML_TEMPLATE));
  }
  await vscode.window.showTextDocument(uri);
  await config.reload();
  return uri;
}

async function askWhere(): Promise<vscode.Uri> {
  const userFile = vscode.Uri.file(path.join(os.homedir(), '.config', 'openstack', 'clouds.yaml'));
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return userFile;
  const picked = await vscode.window.showQuickPick(
    [
      { label: '$(root-folder) In this workspace', description: path.join(folder.uri.fsPath, 'clouds.yaml'), uri: vscode.Uri.joinPath(folder.uri, 'clouds.yaml') },
      { label: '$(account) For my user', description: userFile.fsPath, uri: userFile },
    ],
    { title: 'Create clouds.yaml', placeHolder: 'Where should the new clouds.yaml go?' },
  );
  if (!picked) throw new UserCancelled();
  return picked.uri;
}

/**
 * Opens the file that defines a cloud at the key that most likely caused a failure of one of its
 * lists (the credentials, auth_url, region_name), else at the cloud's name.
 */
export async function openInCloudsFile(config: CloudsConfigService, node: unknown): Promise<void> {
  const cloud = node instanceof ErrorNode ? node.options.cloud : node instanceof CloudNode ? node.cloud.name : undefined;
  const definition = cloud ? (await config.get()).clouds.find((c) => c.name === cloud) : undefined;
  if (!definition?.file) return openCloudsFile(config);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(definition.file));
  const keyPath = node instanceof ErrorNode ? offendingKey(node.error) : [];
  // The deepest key of the path that the file has (a password may live in secure.yaml instead).
  let key;
  for (let depth = keyPath.length; depth > 0 && !key; depth--) key = keyNodeAt(definition.node, keyPath.slice(0, depth));
  const selection = key ? new vscode.Range(document.positionAt(key.start), document.positionAt(key.end)) : toRange(definition.range);
  await vscode.window.showTextDocument(document, { selection, preview: true });
}
