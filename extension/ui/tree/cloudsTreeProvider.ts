import * as vscode from 'vscode';
import type { CloudsConfigService } from '../cloudsConfigService';
import { CloudNode, ProblemNode, type TreeNode } from './nodes';

/** Dispatches to the node classes; fires a change when the clouds configuration reloads. */
export class CloudsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly config: CloudsConfigService) {
    this.subscription = config.onDidChange(() => this.changed.fire(undefined));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node) return node.getChildren();
    const config = await this.config.get();
    if (!config.files.clouds) return []; // the welcome view shows instead
    const errors = config.problems.filter((p) => p.severity === 'error').map((p, i) => new ProblemNode(p, i));
    return [...errors, ...config.clouds.map((c) => new CloudNode(c))];
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
