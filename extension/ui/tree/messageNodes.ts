// Rows that are not resources: a failure (with Retry), an empty list, "Load more…", and why
// nothing is loaded (Restricted Mode). The tree never answers with a pop-up.
import * as vscode from 'vscode';
import { failureLabel } from '../explorer/failureText';
import type { TreeNode } from './treeNode';

export class ErrorNode implements TreeNode {
  readonly id: string;

  constructor(parentId: string, readonly error: Error, private readonly service: string, private readonly where: string, private readonly retry: vscode.Command) {
    this.id = `${parentId}/error`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(failureLabel(this.error, this.service), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    item.description = `${this.where} — Retry`;
    item.tooltip = `${this.error.message}\n\nClick to retry. Details are in the OpenStack log.`;
    item.contextValue = 'error';
    item.command = this.retry;
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}

export class MessageNode implements TreeNode {
  readonly id: string;

  constructor(parentId: string, private readonly label: string, private readonly options: { icon?: string; tooltip?: string; command?: vscode.Command; contextValue?: string; key?: string } = {}) {
    this.id = `${parentId}/${options.key ?? options.contextValue ?? 'message'}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    if (this.options.icon) item.iconPath = new vscode.ThemeIcon(this.options.icon);
    item.tooltip = this.options.tooltip;
    item.command = this.options.command;
    item.contextValue = this.options.contextValue ?? 'message';
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}

export function emptyNode(parentId: string, text: string): MessageNode {
  return new MessageNode(parentId, text, { contextValue: 'empty', icon: 'circle-slash' });
}

export function loadMoreNode(parentId: string, target: TreeNode): MessageNode {
  return new MessageNode(parentId, 'Load more…', {
    contextValue: 'loadMore',
    icon: 'ellipsis',
    tooltip: 'Load the next page',
    command: { command: 'openstack.loadMore', title: 'Load more', arguments: [target] },
  });
}

export function restrictedNode(parentId: string): MessageNode {
  return new MessageNode(parentId, 'Restricted Mode: no request is sent to this cloud', {
    contextValue: 'restricted',
    icon: 'workspace-untrusted',
    tooltip: 'A clouds.yaml from an untrusted workspace could point at anyone\'s endpoint. Trust the workspace to explore the cloud.',
    command: { command: 'workbench.trust.manage', title: 'Manage Workspace Trust' },
  });
}
