import * as vscode from 'vscode';
import type { CloudDefinition, CloudRegion, ResolvedCloud } from '../../config/index';
import type { Problem } from '../../yaml/problem';

/** One class per kind of tree item: each knows its TreeItem and its children. */
export interface TreeNode {
  readonly id: string;
  getTreeItem(): vscode.TreeItem;
  getChildren(): Promise<TreeNode[]> | TreeNode[];
}

/** A cloud of clouds.yaml (or the envvars cloud): its regions when it has several (CFG-REG-5), and its problems. */
export class CloudNode implements TreeNode {
  readonly id: string;

  constructor(readonly cloud: ResolvedCloud, readonly problems: readonly Problem[]) {
    this.id = `cloud:${cloud.name}`;
  }

  private get definition(): CloudDefinition {
    return this.cloud.definition;
  }

  getTreeItem(): vscode.TreeItem {
    const expandable = this.cloud.regions.length > 1 || this.problems.length > 0;
    const item = new vscode.TreeItem(this.cloud.name, expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const errors = this.problems.filter((p) => p.severity === 'error');
    // A cloud whose only errors are secrets it lacks is not broken: the secret will be asked for.
    const needsSecret = this.cloud.status === 'error' && errors.length > 0 && errors.every((p) => p.data?.secret === true);
    const failed = this.cloud.status === 'error' && !needsSecret;
    item.iconPath = new vscode.ThemeIcon('cloud', failed ? new vscode.ThemeColor('list.errorForeground') : undefined);
    item.contextValue = `cloud.${needsSecret ? 'needs-secret' : this.cloud.status}`;
    if (this.cloud.regions.length === 1) item.description = this.cloud.regions[0]!.region_name || undefined;
    else if (this.cloud.status === 'profile-not-fetched') item.description = 'profile not fetched yet';
    else if (needsSecret) item.description = 'secret not set';
    else if (failed) item.description = 'configuration error';
    const where = this.definition.file ? `${this.definition.file}:${this.definition.range.start.line + 1}` : 'OS_* environment variables';
    item.tooltip = `${this.cloud.name} (${where})`;
    if (this.definition.file) item.command = openAt(this.definition.file, this.definition.range, 'Open definition');
    return item;
  }

  getChildren(): TreeNode[] {
    const regions = this.cloud.regions.length > 1 ? this.cloud.regions.map((r) => new RegionNode(r, this.definition)) : [];
    return [...this.problems.map((p, i) => new ProblemNode(p, i, this.id)), ...regions];
  }
}

/** One region of a cloud with several; images and servers will hang below it. */
export class RegionNode implements TreeNode {
  readonly id: string;

  constructor(readonly region: CloudRegion, private readonly definition: CloudDefinition) {
    this.id = `region:${region.name}:${region.region_name}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.region.region_name || '(default region)', vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('globe');
    item.contextValue = 'region';
    const auth = this.region.config.auth as { auth_url?: string };
    item.tooltip = `${this.region.name} / ${this.region.region_name}${auth.auth_url ? `\n${auth.auth_url}` : ''}`;
    if (this.definition.file) item.command = openAt(this.definition.file, this.definition.range, 'Open definition');
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}

function openAt(file: string, range: Problem['range'], title: string): vscode.Command {
  return { command: 'vscode.open', title, arguments: [vscode.Uri.file(file), { selection: toRange(range), preview: true } satisfies vscode.TextDocumentShowOptions] };
}

/** A configuration problem shown in the tree, where the user is looking, instead of a pop-up. */
export class ProblemNode implements TreeNode {
  readonly id: string;

  constructor(readonly problem: Problem, index: number, parent = '') {
    this.id = `${parent}problem:${index}:${problem.code}:${problem.file}:${problem.range.start.line}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.problem.message, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const icon = this.problem.data?.secret === true ? 'key' : { error: 'error', warning: 'warning', info: 'info', hint: 'lightbulb' }[this.problem.severity];
    item.iconPath = new vscode.ThemeIcon(icon);
    item.contextValue = 'problem';
    item.description = this.problem.code;
    item.tooltip = this.problem.file ? `${this.problem.file}:${this.problem.range.start.line + 1}:${this.problem.range.start.character + 1}` : 'from OS_* environment variables';
    if (this.problem.code === 'remote-profile-not-fetched') {
      item.command = { command: 'openstack.fetchRemoteProfiles', title: 'Fetch remote vendor profiles' };
      item.tooltip = 'Click to fetch the remote vendor profile (an HTTPS request to the vendor)';
    } else if (this.problem.file) {
      item.command = openAt(this.problem.file, this.problem.range, 'Show problem');
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
