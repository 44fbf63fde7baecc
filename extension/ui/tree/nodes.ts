import * as vscode from 'vscode';
import type { CloudDefinition } from '../../config/load';
import type { Problem } from '../../yaml/problem';

/** One class per kind of tree item: each knows its TreeItem and its children. */
export interface TreeNode {
  readonly id: string;
  getTreeItem(): vscode.TreeItem;
  getChildren(): Promise<TreeNode[]> | TreeNode[];
}

export class CloudNode implements TreeNode {
  readonly id: string;

  constructor(readonly cloud: CloudDefinition) {
    this.id = `cloud:${cloud.name}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.cloud.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('cloud');
    item.contextValue = 'cloud';
    item.tooltip = `${this.cloud.name} (${this.cloud.file}:${this.cloud.range.start.line + 1})`;
    item.command = {
      command: 'vscode.open',
      title: 'Open definition',
      arguments: [vscode.Uri.file(this.cloud.file), { selection: toRange(this.cloud.range), preview: true } satisfies vscode.TextDocumentShowOptions],
    };
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}

/** A configuration problem shown in the tree, where the user is looking, instead of a pop-up. */
export class ProblemNode implements TreeNode {
  readonly id: string;

  constructor(readonly problem: Problem, index: number) {
    this.id = `problem:${index}:${problem.file}:${problem.range.start.line}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.problem.message, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.problem.severity === 'error' ? 'error' : 'warning');
    item.contextValue = 'problem';
    item.tooltip = `${this.problem.file}:${this.problem.range.start.line + 1}:${this.problem.range.start.character + 1}`;
    if (this.problem.file) {
      item.command = {
        command: 'vscode.open',
        title: 'Show problem',
        arguments: [vscode.Uri.file(this.problem.file), { selection: toRange(this.problem.range) } satisfies vscode.TextDocumentShowOptions],
      };
    }
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}

export function toRange(r: Problem['range']): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}
