import type * as vscode from 'vscode';

/** One class per kind of tree item: each knows its TreeItem and its children. */
export interface TreeNode {
  readonly id: string;
  getTreeItem(): vscode.TreeItem;
  getChildren(): Promise<TreeNode[]> | TreeNode[];
}
