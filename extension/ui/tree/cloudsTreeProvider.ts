import * as vscode from 'vscode';
import { problemsOfCloud, type CloudRegion, type ResolvedConfig } from '../../config/index';
import type { CloudsConfigService } from '../cloudsConfigService';
import type { ExplorerModel } from '../explorer/explorerModel';
import type { ListKind } from '../explorer/resourceKinds';
import { ExpandedRows } from '../explorer/expandedRows';
import { NO_FILTER, shownClouds, shownRegions, type CloudFilter } from '../explorer/cloudFilter';
import { normalizeFilter } from '../explorer/textFilter';
import { ChildrenGate } from '../explorer/childrenGate';
import { FolderNode, type TreeContext } from './folderNode';
import { CloudNode, ProblemNode, type TreeNode } from './nodes';
import { MessageNode } from './messageNodes';

export interface ProviderOptions {
  model: ExplorerModel;
  missingSecrets(region: CloudRegion): string[];
  /** The clouds and regions the user hid (Filter Clouds…): they get no node, hence no login. */
  cloudFilter?(): CloudFilter;
  /** Told the clouds each time the roots are made (the view's description counts them). */
  rootsMade?(clouds: ResolvedConfig['clouds']): void;
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
  /** The text filters of list folders, by folder id: kept while the tree is made again. */
  private readonly textFilters = new Map<string, string>();
  /** A node's change waits while VS Code fetches its children and until the workbench has them (childrenGate.ts says why). */
  private readonly gate = new ChildrenGate<TreeNode | undefined>((node) => this.changed.fire(node),
    // A round trip to the workbench (a context key nothing reads): it answers after the messages sent before.
    () => vscode.commands.executeCommand('setContext', 'openstack.treeAnswerTakenIn', true));

  constructor(private readonly config: CloudsConfigService, private readonly options: ProviderOptions) {
    this.ctx = {
      model: options.model,
      trusted: () => vscode.workspace.isTrusted,
      changed: (node) => this.gate.changed(node),
      register: (folder) => this.folders.set(folder.id, folder),
      missingSecrets: (region) => options.missingSecrets(region),
      collapsible: (id) => (this.expandedRows.isExpanded(id) ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed),
      track: (loading) => {
        this.loading.add(loading);
        const done = () => this.loading.delete(loading);
        loading.then(done, done);
        return loading;
      },
      textFilter: (id) => this.textFilters.get(id),
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
    if (node) return this.gate.fetch(node, node.getChildren());
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

  /** The roots are made again with the lists kept (the cloud filter changed: nothing to load again). */
  rebuild(): void {
    this.roots = undefined;
    this.folders.clear();
    this.changed.fire(undefined);
  }

  /** Sets (or with nothing, clears) the text filter of a list folder and renders it again. */
  setTextFilter(folder: FolderNode, text: string | undefined): void {
    const normalized = normalizeFilter(text);
    if (normalized) this.textFilters.set(folder.id, normalized);
    else this.textFilters.delete(folder.id);
    this.gate.changed(folder);
  }

  textFilterOf(folder: FolderNode): string | undefined {
    return this.textFilters.get(folder.id);
  }

  /** Of these regions, those the view shows (Filter Clouds…): what a cloud picker may offer. */
  shownRegions<R extends Pick<CloudRegion, 'name' | 'region_name'>>(regions: readonly R[]): R[] {
    return shownRegions(this.options.cloudFilter?.() ?? NO_FILTER, regions);
  }

  /** Of these clouds, those the view shows (each with its shown regions). */
  shownClouds(clouds: ResolvedConfig['clouds']): ResolvedConfig['clouds'] {
    return shownClouds(this.options.cloudFilter?.() ?? NO_FILTER, clouds);
  }

  /** Renders a cloud's row again (its description says whether a secret will be asked). */
  async redrawCloud(name: string): Promise<void> {
    // Not while a list below is loading (the password was asked for by that very load).
    while (this.loading.size) await Promise.allSettled([...this.loading]);
    const node = (await this.roots)?.find((n) => n instanceof CloudNode && n.cloud.name === name);
    if (node) this.gate.changed(node);
  }

  /** The inline refresh of one cloud: its lists are forgotten, its sessions closed, its rows kept. */
  async refreshCloud(name: string): Promise<void> {
    this.options.model.resetCloud(name);
    const node = (await this.roots)?.find((n) => n instanceof CloudNode && n.cloud.name === name);
    this.gate.changed(node);
  }

  /** The folders showing this kind for these regions (to refresh or mark them after an action). */
  foldersOf(regions: readonly Pick<CloudRegion, 'name' | 'region_name'>[], kind: ListKind): FolderNode[] {
    return [...this.folders.values()].filter((f) => f.kind === kind && regions.some((r) => r.name === f.region.name && r.region_name === f.region.region_name));
  }

  /**
   * The auto refresh: loads again the lists of expanded folders that loaded fine (a failed one
   * waits for Retry: loading it again could ask for a password every interval). Returns how many.
   */
  refreshExpandedLists(): number {
    const due = [...this.folders.values()].filter((f) => {
      const list = this.options.model.peek(f.region.name, f.region.region_name, f.kind);
      return this.expandedRows.isExpanded(f.id) && list?.loaded && !list.error;
    });
    for (const folder of due) folder.refresh();
    return due.length;
  }

  /** After an action: forgets these lists and renders their folders again (loading them if expanded). */
  refreshLists(regions: readonly Pick<CloudRegion, 'name' | 'region_name'>[], kinds: readonly ListKind[]): void {
    for (const r of regions) {
      for (const kind of kinds) {
        const folders = this.foldersOf([r], kind);
        if (folders.length) for (const folder of folders) folder.refresh();
        else this.options.model.resetList(r.name, r.region_name, kind);
      }
    }
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
    this.options.rootsMade?.(resolved.clouds);
    const visible = this.shownClouds(resolved.clouds);
    const allHidden = resolved.clouds.length > 0 && !visible.length ? [new MessageNode('', 'Every cloud is hidden by the filter', {
      key: 'all-hidden', icon: 'filter', tooltip: 'Click to show every cloud again',
      command: { command: 'openstack.clearCloudFilter', title: 'Clear Filter' },
    })] : [];
    return [...fileErrors, ...allHidden, ...visible.map((c) => new CloudNode(c, rows(c), this.ctx, loaded))];
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
