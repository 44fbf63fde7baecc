import * as vscode from 'vscode';
import { problemsOfCloud } from '../../config/index';
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
    const { resolved, problems } = await this.config.getView();
    const loaded = resolved.loaded;
    if (!loaded.files.clouds && loaded.clouds.length === 0) return []; // the welcome view shows instead
    const shown = problems.filter((p) => p.severity !== 'hint');
    const ofCloud = (name: string) => problemsOfCloud(loaded, name, shown, false);
    const inClouds = new Set(resolved.clouds.flatMap((c) => ofCloud(c.name)));
    const fileErrors = shown.filter((p) => p.severity === 'error' && !inClouds.has(p)).map((p, i) => new ProblemNode(p, i));
    return [...fileErrors, ...resolved.clouds.map((c) => new CloudNode(c, ofCloud(c.name)))];
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
