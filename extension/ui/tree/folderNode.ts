// Images, Servers, Flavors, Networks, Key Pairs, Floating IPs of one cloud region. Expanding it
// loads the first page (through the region's shared session); the list is cached until it is
// refreshed; failures, emptiness and further pages are rows. A list whose servers, images or
// floating IPs are still changing loads itself again until they settle (explorer/settling.ts).
import * as vscode from 'vscode';
import type { CloudRegion } from '../../config/index';
import type { ExplorerModel } from '../explorer/explorerModel';
import { regionLabel } from '../explorer/explorerModel';
import { KINDS, type ListKind } from '../explorer/resourceKinds';
import { nextSettleDelay } from '../explorer/settling';
import { filteredDescription, matchesText } from '../explorer/textFilter';
import { resourceNode } from './itemNodes';
import { ErrorNode, emptyNode, loadMoreNode } from './messageNodes';
import type { TreeNode } from './treeNode';

export interface TreeContext {
  model: ExplorerModel;
  trusted(): boolean;
  /** Asks VS Code to render a node again (and its children, if expanded). */
  changed(node: TreeNode): void;
  /** Folder nodes register themselves, so that actions can refresh "the Images of region X". */
  register(folder: FolderNode): void;
  /** Secrets the region's session would ask the user for (none in files, none entered yet). */
  missingSecrets(region: CloudRegion): string[];
  /** Collapsed, or Expanded for a row the user had expanded before the tree was made again. */
  collapsible(id: string): vscode.TreeItemCollapsibleState;
  /** Marks a load in flight: an ancestor is not redrawn meanwhile (VS Code would get its rows twice). */
  track<T>(loading: Promise<T>): Promise<T>;
  /** The text filter the user set on this folder (by its id), if any. */
  textFilter(id: string): string | undefined;
}

const ICONS: Record<ListKind, string> = {
  images: 'file-media', servers: 'server', flavors: 'symbol-ruler', networks: 'type-hierarchy', keypairs: 'key', floatingips: 'location',
};

export function regionNodeId(region: CloudRegion): string {
  return `region:${region.name}:${region.region_name}`;
}

export class FolderNode implements TreeNode {
  readonly id: string;
  /** A temporary note shown while an action works on this list ("uploading…"). */
  private busy: string | undefined;
  private shownDescription: string | undefined;
  /** The rows of one state of the list: the same objects until the list changes (VS Code keys rows by id). */
  private rows: { version: number; filter: string | undefined; nodes: TreeNode[] } | undefined;
  /** Loads made so far because the list was settling; 0 once it has settled or was refreshed. */
  private settlePolls = 0;
  /** The pending load of a settling list, and the list version it was scheduled for. */
  private settle: { version: number; timer: NodeJS.Timeout } | undefined;

  constructor(readonly region: CloudRegion, readonly kind: ListKind, private readonly ctx: TreeContext) {
    this.id = `${regionNodeId(region)}/${kind}`;
    ctx.register(this);
  }

  getTreeItem(): vscode.TreeItem {
    const spec = KINDS[this.kind];
    const item = new vscode.TreeItem(spec.label, this.ctx.collapsible(this.id));
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.busy ? 'loading~spin' : ICONS[this.kind]);
    item.contextValue = `folder.${this.kind}${this.ctx.textFilter(this.id) ? '.filtered' : ''}`;
    item.description = this.shownDescription = this.description();
    item.tooltip = `${spec.label} of ${regionLabel(this.region)} (${spec.service} service)`;
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    const spec = KINDS[this.kind];
    const list = this.ctx.model.list(this.region, this.kind);
    await this.ctx.track(list.ensureLoaded());
    const filter = this.ctx.textFilter(this.id);
    if (this.rows?.version !== list.version || this.rows.filter !== filter) {
      const nodes: TreeNode[] = list.items.filter((item) => matchesText(this.kind, item, filter)).map((item) => resourceNode(this.kind, this.id, this.region, item));
      if (list.error) {
        nodes.push(new ErrorNode(this.id, list.error, spec.service, regionLabel(this.region), this, { cloud: this.region.name, region: this.region.region_name, secretKey: this.region.missing_secrets[0] }));
      } else if (list.hasMore) nodes.push(loadMoreNode(this.id, this));
      else if (!nodes.length) nodes.push(emptyNode(this.id, filter && list.items.length ? `Nothing matches “${filter}”` : spec.empty));
      this.rows = { version: list.version, filter, nodes };
    }
    // The count is known now: render the row again if it says something else.
    if (this.description() !== this.shownDescription) setTimeout(() => this.ctx.changed(this), 0);
    this.pollWhileSettling();
    return this.rows.nodes;
  }

  /**
   * Loads the list again later while it holds a server that is still changing; once per state
   * of the list (rendering the same rows again does not postpone it). A timer whose list changed
   * meanwhile (a refresh, a reload of the whole tree) does nothing: whoever changed it scheduled
   * anew. A collapsed folder is not loaded again: its list is forgotten until expanded.
   */
  private pollWhileSettling(): void {
    const list = this.ctx.model.list(this.region, this.kind);
    if (this.settle?.version === list.version) return;
    clearTimeout(this.settle?.timer);
    this.settle = undefined;
    const delay = list.error ? undefined : nextSettleDelay(this.kind, list.items, this.settlePolls);
    if (delay === undefined) {
      this.settlePolls = 0;
      return;
    }
    const version = list.version;
    const timer = setTimeout(() => {
      this.settle = undefined;
      if (list.version !== version || list.loading) return;
      this.settlePolls++;
      // The rows on screen stay usable (a right-click on one still finds it) until the new ones are here.
      void list.reload().then(() => this.ctx.changed(this));
    }, delay);
    this.settle = { version, timer };
  }

  /** Shows a spinner and a note on the row while an action runs; `undefined` clears it. */
  setBusy(note: string | undefined): void {
    this.busy = note;
    this.ctx.changed(this);
  }

  /** Forgets the list and loads it again (Retry, refresh after an action). */
  refresh(): void {
    this.settlePolls = 0;
    const list = this.ctx.model.list(this.region, this.kind);
    if (this.ctx.collapsible(this.id) !== vscode.TreeItemCollapsibleState.Expanded || !list.loaded || list.error) {
      list.reset();
      this.ctx.changed(this);
      return;
    }
    // Expanded with rows: they stay until the new ones are here (ResourceList.reload says why).
    void list.reload().then(() => this.ctx.changed(this));
  }

  async loadMore(): Promise<void> {
    await this.ctx.model.list(this.region, this.kind).loadMore();
    this.ctx.changed(this);
  }

  private description(): string | undefined {
    if (this.busy) return this.busy;
    const list = this.ctx.model.peek(this.region.name, this.region.region_name, this.kind);
    if (!list?.loaded || list.error) return undefined;
    const filter = this.ctx.textFilter(this.id);
    if (filter) return filteredDescription(filter, list.items.filter((i) => matchesText(this.kind, i, filter)).length, list.items.length, list.hasMore);
    return list.hasMore ? `${list.items.length}+` : String(list.items.length);
  }
}
