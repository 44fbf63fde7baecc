// Rows that are not resources: a failure (with Retry), an empty list, "Load more…", and why
// nothing is loaded (Restricted Mode). The tree never answers with a pop-up.
import * as vscode from 'vscode';
import type { CloudRegion } from '../../config/index';
import { OpenStackError } from '../../openstack/index';
import { secretName } from '../explorer/credentials';
import { failureExplanation } from '../explorer/failureText';
import type { TreeNode } from './treeNode';

/** The list an error row belongs to: Retry loads it again, or the whole tree if its region is gone. */
export interface FailedList {
  readonly region: CloudRegion;
  refresh(): void;
}

/** What an error row can offer besides Retry: where the cloud is defined, and whose secret to ask for. */
export interface ErrorRowOptions {
  /** The cloud and region whose list failed. */
  cloud: string;
  region: string;
  /** The secret to ask for again when the credentials were refused (e.g. `password`). */
  secretKey?: string;
}

/**
 * A failed list: the friendly explanation as its text, the server's own words in its tooltip,
 * and its actions as child rows (Retry, Show Log, Open in clouds.yaml, Enter password), which the
 * row's context menu and inline buttons offer too.
 */
export class ErrorNode implements TreeNode {
  readonly id: string;

  /** `list`: what Retry loads again (the folder whose list failed). */
  constructor(parentId: string, readonly error: Error, private readonly service: string, private readonly where: string, readonly list: FailedList, readonly options: ErrorRowOptions) {
    this.id = `${parentId}/error`;
  }

  get credentialsRefused(): boolean {
    return this.error instanceof OpenStackError && this.error.kind === 'auth' && !!this.options.secretKey;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(failureExplanation(this.error, this.service), vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    item.description = this.where;
    const requestId = this.error instanceof OpenStackError && this.error.requestId ? `\nRequest id: ${this.error.requestId}` : '';
    item.tooltip = `${this.error.message}${requestId}\n\nThe OpenStack log has the details.`;
    item.contextValue = this.credentialsRefused ? 'error.auth' : 'error';
    return item;
  }

  getChildren(): TreeNode[] {
    const action = (key: string, label: string, icon: string, command: vscode.Command) => new MessageNode(this.id, label, { key, icon, command, contextValue: 'errorAction' });
    return [
      action('retry', 'Retry', 'refresh', { command: 'openstack.retry', title: 'Retry', arguments: [this] }),
      action('log', 'Show Log', 'output', { command: 'openstack.showLog', title: 'Show Log' }),
      action('open', 'Open in clouds.yaml', 'go-to-file', { command: 'openstack.openInCloudsFile', title: 'Open in clouds.yaml', arguments: [this] }),
      ...(this.credentialsRefused ? [action('secret', `Enter ${secretName(this.options.secretKey!)}`, 'key', { command: 'openstack.enterSecret', title: 'Enter', arguments: [this] })] : []),
    ];
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
