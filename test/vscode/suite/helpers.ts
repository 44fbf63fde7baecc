// Shared by the extension-host tests: the extension under test, its tree's root labels, and
// polling for effects that VS Code delivers asynchronously (file watchers, editors).
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { OpenStackCloudsApi } from '../../../extension/extension';

export const EXTENSION_ID = 'openstack-clouds-dev.openstack-clouds';

export function extension(): vscode.Extension<OpenStackCloudsApi> {
  const ext = vscode.extensions.getExtension<OpenStackCloudsApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext;
}

export async function api(): Promise<OpenStackCloudsApi> {
  return extension().activate();
}

export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need a workspace folder');
  return folder.uri.fsPath;
}

export function workspaceFile(...parts: string[]): string {
  return path.join(workspaceDir(), ...parts);
}

/** The labels of the Clouds view's roots, from the same provider the view renders. */
export async function rootLabels(): Promise<string[]> {
  const tree = (await api()).cloudsTree;
  const roots = (await tree.getChildren()) ?? [];
  return Promise.all(roots.map(async (node) => {
    const label = (await tree.getTreeItem(node)).label;
    return typeof label === 'string' ? label : label?.label ?? '';
  }));
}

/** Polls until `check` returns true; fails with `describe()` of the last state. */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, describe: () => Promise<unknown> | unknown = () => '', timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(await describe())}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the tree's roots are exactly `expected`. */
export async function waitForRoots(expected: string[], timeoutMs?: number): Promise<void> {
  await waitFor(`tree roots ${JSON.stringify(expected)}`, async () => JSON.stringify(await rootLabels()) === JSON.stringify(expected), rootLabels, timeoutMs);
}

export function readText(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

/** The label of a node as the Clouds view renders it. */
export async function labelOf(node: unknown): Promise<string> {
  const label = (await (await api()).cloudsTree.getTreeItem(node)).label;
  return typeof label === 'string' ? label : label?.label ?? '';
}

/** The children of a node (the roots without one), as the view asks for them. */
export async function childrenOf(node?: unknown): Promise<unknown[]> {
  return ((await (await api()).cloudsTree.getChildren(node)) ?? []) as unknown[];
}

/** The child with this label; fails listing the labels there are. */
export async function childNamed(node: unknown, label: string): Promise<unknown> {
  const children = await childrenOf(node);
  const labels = await Promise.all(children.map(labelOf));
  const i = labels.indexOf(label);
  assert.ok(i >= 0, `no child '${label}' under ${node ? await labelOf(node) : 'the root'}; there are ${JSON.stringify(labels)}`);
  return children[i];
}

/** Follows labels from the root: `nodeAt('local-appcred', 'RegionTwo', 'Images')`. */
export async function nodeAt(...path: string[]): Promise<unknown> {
  let node: unknown;
  for (const label of path) node = await childNamed(node, label);
  return node;
}

export async function treeItemOf(node: unknown): Promise<import('vscode').TreeItem> {
  return (await api()).cloudsTree.getTreeItem(node);
}
