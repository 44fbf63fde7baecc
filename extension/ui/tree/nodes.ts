import * as vscode from 'vscode';
import type { CloudDefinition, CloudRegion, LoadedConfig, ResolvedCloud } from '../../config/index';
import { cloudTooltip } from '../explorer/cloudTooltip';
import type { Problem } from '../../yaml/problem';
import { KIND_ORDER } from '../explorer/resourceKinds';
import { secretName } from '../explorer/credentials';
import { FolderNode, regionNodeId, type TreeContext } from './folderNode';
import { restrictedNode } from './messageNodes';
import type { TreeNode } from './treeNode';

export type { TreeNode };

function folders(region: CloudRegion, ctx: TreeContext): FolderNode[] {
  return KIND_ORDER.map((kind) => new FolderNode(region, kind, ctx));
}

/**
 * A cloud of clouds.yaml (or the envvars cloud): its problems, then its regions when it has
 * several (CFG-REG-5), else its region's lists directly. Children are made once and kept, so
 * that a refresh of a cloud keeps what is expanded.
 */
export class CloudNode implements TreeNode {
  readonly id: string;
  private children: TreeNode[] | undefined;

  /** `loaded`: the files it was resolved from (the tooltip says which file set what). */
  constructor(readonly cloud: ResolvedCloud, readonly problems: readonly Problem[], private readonly ctx: TreeContext, private readonly loaded?: LoadedConfig) {
    this.id = `cloud:${cloud.name}`;
  }

  private get definition(): CloudDefinition {
    return this.cloud.definition;
  }

  getTreeItem(): vscode.TreeItem {
    const expandable = this.cloud.regions.length > 0 || this.problems.length > 0;
    const item = new vscode.TreeItem(this.cloud.name, expandable ? this.ctx.collapsible(this.id) : vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const errors = this.problems.filter((p) => p.severity === 'error');
    // A cloud whose only errors are secrets it lacks is not broken: the secret will be asked for.
    const needsSecret = this.cloud.status === 'error' && errors.length > 0 && errors.every((p) => p.data?.secret === true);
    const failed = this.cloud.status === 'error' && !needsSecret;
    const failedLists = this.ctx.model.failedLists(this.cloud.name);
    item.iconPath = new vscode.ThemeIcon('cloud', failed ? new vscode.ThemeColor('list.errorForeground') : failedLists ? new vscode.ThemeColor('list.warningForeground') : undefined);
    item.contextValue = `cloud.${needsSecret ? 'needs-secret' : this.cloud.status}`;
    const missing = this.cloud.regions[0] ? this.ctx.missingSecrets(this.cloud.regions[0]) : [];
    if (this.cloud.regions.length === 1) item.description = [this.cloud.regions[0]!.region_name, missing.length && `asks for ${missing.map(secretName).join(', ')}`].filter(Boolean).join(' · ') || undefined;
    else if (missing.length) item.description = `asks for ${missing.map(secretName).join(', ')}`;
    else if (this.cloud.status === 'profile-not-fetched') item.description = 'profile not fetched yet';
    else if (needsSecret) item.description = 'secret not set';
    else if (failed) item.description = 'configuration error';
    if (failedLists) item.description = [item.description, `${failedLists} ${failedLists === 1 ? 'list' : 'lists'} failed`].filter(Boolean).join(' · ');
    const where = this.definition.file ? `${this.definition.file}:${this.definition.range.start.line + 1}` : 'OS_* environment variables';
    item.tooltip = this.loaded ? cloudTooltip(this.loaded, this.cloud) : `${this.cloud.name} (${where})`;
    if (this.definition.file) item.command = openAt(this.definition.file, this.definition.range, 'Open definition');
    return item;
  }

  getChildren(): TreeNode[] {
    if (!this.children) {
      const regions = this.cloud.regions;
      const content = !regions.length ? []
        : !this.ctx.trusted() ? [restrictedNode(this.id)]
          : regions.length > 1 ? regions.map((r) => new RegionNode(r, this.definition, this.ctx)) : folders(regions[0]!, this.ctx);
      this.children = [...this.problems.map((p, i) => new ProblemNode(p, i, this.id, this.cloud.name)), ...content];
    }
    return this.children;
  }
}

/** One region of a cloud with several: its lists. */
export class RegionNode implements TreeNode {
  readonly id: string;
  private children: TreeNode[] | undefined;

  constructor(readonly region: CloudRegion, private readonly definition: CloudDefinition, private readonly ctx: TreeContext) {
    this.id = regionNodeId(region);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.region.region_name || '(default region)', this.ctx.collapsible(this.id));
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('globe');
    item.contextValue = 'region';
    const auth = this.region.config.auth as { auth_url?: string };
    item.tooltip = `${this.region.name} / ${this.region.region_name}${auth.auth_url ? `\n${auth.auth_url}` : ''}`;
    if (this.definition.file) item.command = openAt(this.definition.file, this.definition.range, 'Open definition');
    return item;
  }

  getChildren(): TreeNode[] {
    this.children ??= folders(this.region, this.ctx);
    return this.children;
  }
}

function openAt(file: string, range: Problem['range'], title: string): vscode.Command {
  return { command: 'vscode.open', title, arguments: [vscode.Uri.file(file), { selection: toRange(range), preview: true } satisfies vscode.TextDocumentShowOptions] };
}

/** A configuration problem shown in the tree, where the user is looking, instead of a pop-up. */
export class ProblemNode implements TreeNode {
  readonly id: string;

  /** `cloud`: the cloud whose problem it is (a missing secret can then be entered from the row). */
  constructor(readonly problem: Problem, index: number, parent = '', readonly cloud?: string) {
    this.id = `${parent}problem:${index}:${problem.code}:${problem.file}:${problem.range.start.line}`;
  }

  /** The secret whose absence this problem is (an application credential's secret), if so. */
  get secretKey(): string | undefined {
    return this.problem.data?.secret === true && typeof this.problem.data.key === 'string' ? this.problem.data.key : undefined;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.problem.message, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const icon = this.problem.data?.secret === true ? 'key' : { error: 'error', warning: 'warning', info: 'info', hint: 'lightbulb' }[this.problem.severity];
    item.iconPath = new vscode.ThemeIcon(icon);
    item.contextValue = 'problem';
    item.description = this.problem.code;
    item.tooltip = this.problem.file ? `${this.problem.file}:${this.problem.range.start.line + 1}:${this.problem.range.start.character + 1}` : 'from OS_* environment variables';
    const secretKey = this.secretKey;
    if (secretKey && this.cloud) {
      item.command = { command: 'openstack.enterSecret', title: 'Enter the secret', arguments: [this.cloud, secretKey] };
      item.tooltip = `Click to enter it (kept in VS Code's secret storage if you wish, never in a file)`;
      item.contextValue = 'problem.secret';
    } else if (this.problem.code === 'remote-profile-not-fetched') {
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
