import * as vscode from 'vscode';
import { problemsOfCloud, type CloudRegion } from '../../config/index';
import type { CloudsConfigService } from '../cloudsConfigService';
import type { ExplorerModel } from '../explorer/explorerModel';
import type { ListKind } from '../explorer/resourceKinds';
import { ExpandedRows } from '../explorer/expandedRows';
import { FolderNode, type TreeContext } from './folderNode';
import { CloudNode, ProblemNode, type TreeNode } from './nodes';

export interface ProviderOptions {
  model: ExplorerModel;
  missingSecrets(region: CloudRegion): string[];
}

/**
 * Dispatches to the node classes and fires changes: everything when the clouds configuration
 * reloads or trust is granted, one subtree when a cloud or a list is refreshed.
 */
export class CloudsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private roots: Promise<TreeNode[]> | undefined;
  private readonly folders = new Map<string, FolderNode>();
  private readonly ctx: TreeContext;
  private readonly loading = new Set<Promise<unknown>>();
  /** Rows the user expanded (the view reports it): a tree made again comes back expanded there. */
  readonly expandedRows = new ExpandedRows();

  constructor(private readonly config: CloudsConfigService, private readonly options: ProviderOptions) {
    this.ctx = {
      model: options.model,
      trusted: () => vscode.workspace.isTrusted,
      changed: (node) => this.changed.fire(node),
      register: (folder) => this.folders.set(folder.id, folder),
      missingSecrets: (region) => options.missingSecrets(region),
      collapsible: (id) => (this.expandedRows.isExpanded(id) ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed),
      track: (loading) => {
        this.loading.add(loading);
        const done = () => this.loading.delete(loading);
        loading.then(done, done);
        return loading;
      },
    };
    this.subscriptions = [
      config.onDidChange(() => this.reset()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.reset()),
    ];
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  getChildren(node?: TreeNode): Promise<TreeNode[]> | TreeNode[] {
    if (node) return node.getChildren();
    this.roots ??= this.makeRoots();
    return this.roots;
  }

  /** Every node is made again and every list forgotten (the view's Refresh, a new clouds.yaml); expanded rows stay expanded. */
  reset(): void {
    this.roots = undefined;
    this.folders.clear();
    this.options.model.resetAll();
    this.changed.fire(undefined);
  }

  /** Renders a cloud's row again (its description says whether a secret will be asked). */
  async redrawCloud(name: string): Promise<void> {
    // Not while a list below is loading (the password was asked for by that very load).
    while (this.loading.size) await Promise.allSettled([...this.loading]);
    const node = (await this.roots)?.find((n) => n instanceof CloudNode && n.cloud.name === name);
    if (node) this.changed.fire(node);
  }

  /** The inline refresh of one cloud: its lists are forgotten, its sessions closed, its rows kept. */
  async refreshCloud(name: string): Promise<void> {
    this.options.model.resetCloud(name);
    const node = (await this.roots)?.find((n) => n instanceof CloudNode && n.cloud.name === name);
    this.changed.fire(node);
  }

  /** The folders showing this kind for these regions (to refresh or mark them after an action). */
  foldersOf(regions: readonly Pick<CloudRegion, 'name' | 'region_name'>[], kind: ListKind): FolderNode[] {
    return [...this.folders.values()].filter((f) => f.kind === kind && regions.some((r) => r.name === f.region.name && r.region_name === f.region.region_name));
  }

  /** After an action: forgets these lists and renders their folders again (loading them if expanded). */
  refreshLists(regions: readonly Pick<CloudRegion, 'name' | 'region_name'>[], kinds: readonly ListKind[]): void {
    for (const r of regions) for (const kind of kinds) this.options.model.resetList(r.name, r.region_name, kind);
    for (const kind of kinds) for (const folder of this.foldersOf(regions, kind)) this.changed.fire(folder);
  }

  private async makeRoots(): Promise<TreeNode[]> {
    const { resolved, problems } = await this.config.getView();
    const loaded = resolved.loaded;
    if (!loaded.files.clouds && loaded.clouds.length === 0) return []; // the welcome view shows instead
    const shown = problems.filter((p) => p.severity !== 'hint');
    const ofCloud = (name: string) => problemsOfCloud(loaded, name, shown, false);
    const inClouds = new Set(resolved.clouds.flatMap((c) => ofCloud(c.name)));
    const fileErrors = shown.filter((p) => p.severity === 'error' && !inClouds.has(p)).map((p, i) => new ProblemNode(p, i));
    // A missing secret the user has given since (kept in SecretStorage) is no longer a problem.
    const rows = (c: (typeof resolved.clouds)[number]) => ofCloud(c.name).filter((p) => c.status !== 'ok' || p.data?.secret !== true);
    return [...fileErrors, ...resolved.clouds.map((c) => new CloudNode(c, rows(c), this.ctx, loaded))];
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
