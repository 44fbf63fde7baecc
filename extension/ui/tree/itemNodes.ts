// One class per kind of resource row. Each row knows its region (for the actions on it), has an
// id stable across refreshes, a contextValue for its menus, and a codicon.
import * as vscode from 'vscode';
import type { CloudRegion } from '../../config/index';
import { fleetOf, type Image, type Flavor, type Keypair, type FloatingIp, type Network, type ServerWithSummary } from '../../openstack/index';
import { flavorDescription, floatingIpDescription, imageDescription, keypairDescription, networkDescription, reachableAddress, serverDescription } from '../explorer/describe';
import type { ListItems, ListKind } from '../explorer/resourceKinds';
import { isChanging, isFloatingIpChanging } from '../explorer/settling';
import { flavorTooltip, floatingIpTooltip, imageTooltip, keypairTooltip, networkTooltip, serverTooltip } from '../explorer/tooltips';
import { untrustedMarkdown } from '../untrustedMarkdown';
import type { TreeNode } from './treeNode';

/** What every resource row offers to the commands: its region, an id and a name to copy. */
export abstract class ResourceNode implements TreeNode {
  readonly id: string;

  constructor(parentId: string, readonly region: CloudRegion, readonly resourceId: string, readonly name: string) {
    this.id = `${parentId}/${resourceId}`;
  }

  protected row(icon: vscode.ThemeIcon, contextValue: string, description: string, tooltip: string): vscode.TreeItem {
    const item = new vscode.TreeItem(this.name || this.resourceId, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = icon;
    item.contextValue = contextValue;
    item.description = description;
    item.tooltip = untrustedMarkdown(tooltip);
    return item;
  }

  abstract getTreeItem(): vscode.TreeItem;

  getChildren(): TreeNode[] {
    return [];
  }
}

export class ImageNode extends ResourceNode {
  constructor(parentId: string, region: CloudRegion, readonly image: Image) {
    super(parentId, region, image.id, image.name);
  }

  getTreeItem(): vscode.TreeItem {
    const i = this.image;
    const icon = i.status === 'active' ? new vscode.ThemeIcon('file-media')
      : ['killed', 'deleted', 'deactivated'].includes(i.status) ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'))
        : new vscode.ThemeIcon('loading~spin');
    return this.row(icon, i.status === 'active' ? 'image.active' : 'image', imageDescription(i), imageTooltip(i));
  }
}

export class ServerNode extends ResourceNode {
  constructor(parentId: string, region: CloudRegion, readonly entry: ServerWithSummary) {
    super(parentId, region, entry.server.id, entry.server.name);
  }

  get summary() {
    return this.entry.summary;
  }

  getTreeItem(): vscode.TreeItem {
    const s = this.entry.summary;
    const icon = s.status === 'ACTIVE' ? new vscode.ThemeIcon('vm-running')
      : s.status === 'ERROR' ? new vscode.ThemeIcon('vm', new vscode.ThemeColor('list.errorForeground'))
        : isChanging(this.entry.server) ? new vscode.ThemeIcon('loading~spin')
          : new vscode.ThemeIcon('vm-outline');
    // `server[.reachable].<status>`: the menus offer Start on a stopped server, Stop on a running one.
    const status = isChanging(this.entry.server) ? 'busy' : (s.status ?? '').toLowerCase();
    const context = `${reachableAddress(s) ? 'server.reachable' : 'server'}.${status}`;
    return this.row(icon, context, serverDescription(s, fleetOf(this.entry.server)), serverTooltip(s, this.entry.server.key_name));
  }
}

export class FlavorNode extends ResourceNode {
  constructor(parentId: string, region: CloudRegion, readonly flavor: Flavor) {
    super(parentId, region, flavor.id, flavor.name);
  }

  getTreeItem(): vscode.TreeItem {
    const f = this.flavor;
    return this.row(new vscode.ThemeIcon('symbol-ruler'), 'flavor', flavorDescription(f), flavorTooltip(f));
  }
}

export class NetworkNode extends ResourceNode {
  constructor(parentId: string, region: CloudRegion, readonly network: Network) {
    super(parentId, region, network.id, network.name);
  }

  getTreeItem(): vscode.TreeItem {
    const n = this.network;
    const icon = new vscode.ThemeIcon(n['router:external'] ? 'globe' : 'type-hierarchy-sub');
    return this.row(icon, 'network', networkDescription(n), networkTooltip(n));
  }
}

export class KeyPairNode extends ResourceNode {
  constructor(parentId: string, region: CloudRegion, readonly keypair: Keypair) {
    super(parentId, region, keypair.name, keypair.name);
  }

  getTreeItem(): vscode.TreeItem {
    const k = this.keypair;
    return this.row(new vscode.ThemeIcon('key'), 'keypair', keypairDescription(k), keypairTooltip(k));
  }
}

export class FloatingIpNode extends ResourceNode {
  constructor(parentId: string, region: CloudRegion, readonly floatingIp: FloatingIp) {
    super(parentId, region, floatingIp.id, floatingIp.floating_ip_address);
  }

  getTreeItem(): vscode.TreeItem {
    const f = this.floatingIp;
    return this.row(new vscode.ThemeIcon(isFloatingIpChanging(f) ? 'loading~spin' : 'location'), 'floatingip', floatingIpDescription(f), floatingIpTooltip(f));
  }
}

const FACTORIES: { [K in ListKind]: (parentId: string, region: CloudRegion, item: ListItems[K]) => ResourceNode } = {
  images: (p, r, i) => new ImageNode(p, r, i),
  servers: (p, r, i) => new ServerNode(p, r, i),
  flavors: (p, r, i) => new FlavorNode(p, r, i),
  networks: (p, r, i) => new NetworkNode(p, r, i),
  keypairs: (p, r, i) => new KeyPairNode(p, r, i),
  floatingips: (p, r, i) => new FloatingIpNode(p, r, i),
};

export function resourceNode<K extends ListKind>(kind: K, parentId: string, region: CloudRegion, item: ListItems[K]): ResourceNode {
  return FACTORIES[kind](parentId, region, item);
}
