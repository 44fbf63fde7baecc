// What every action needs, and choosing the cloud regions it acts on: from command arguments
// (`["local-a", "local-b/RegionTwo", "local-c/*"]`, as the CLI's --cloud), or with a
// multi-select quick pick that remembers the last choice per workspace.
import * as vscode from 'vscode';
import type { CloudRegion } from '../../config/index';
import { selectTargets } from '../../openstack/index';
import type { CloudsConfigService } from '../cloudsConfigService';
import { UserCancelled } from '../commandRunner';
import type { ExplorerModel } from '../explorer/explorerModel';
import { regionLabel } from '../explorer/explorerModel';
import type { OpenedSession, SessionPool } from '../explorer/sessionPool';
import type { Session } from '../../openstack/index';
import type { TargetOutcome } from './outcomes';
import type { Log } from '../log';
import type { CloudsTreeProvider } from '../tree/cloudsTreeProvider';
import { pickStep, type Step } from './quickSteps';
import type { ResultsDocuments } from './resultsDocuments';
import type { ResultsPanel } from '../results/resultsPanel';
import { regionsNow } from './retryTargets';

export interface ActionContext {
  log: Log;
  config: CloudsConfigService;
  model: ExplorerModel;
  pool: SessionPool;
  tree: CloudsTreeProvider;
  /** The Results view: every multi-cloud action's clouds side by side. */
  results: ResultsPanel;
  /** Read-only text documents (console logs). */
  documents: ResultsDocuments;
  /** Per-workspace memory (the last targets, SSH users). */
  workspaceState: vscode.Memento;
}

const LAST_TARGETS = 'openstack.lastTargets';

/** Actions send requests: refused in Restricted Mode, with a way out. */
export function requireTrust(): void {
  if (vscode.workspace.isTrusted) return;
  void vscode.window.showWarningMessage('OpenStack Clouds sends no request in Restricted Mode. Trust this workspace to use clouds from it.', 'Manage Workspace Trust').then((c) => {
    if (c) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  throw new UserCancelled();
}

export async function usableRegions(ctx: ActionContext): Promise<CloudRegion[]> {
  return (await ctx.config.getView()).resolved.regions;
}

/** Regions named like the CLI's --cloud; an unknown name is an error naming what exists. */
export async function regionsFromSpecs(ctx: ActionContext, specs: readonly string[]): Promise<CloudRegion[]> {
  const all = await usableRegions(ctx);
  const { targets, unknown } = selectTargets(all, [...specs]);
  if (unknown.length) throw new Error(`not a usable cloud: ${unknown.join(', ')} (usable: ${all.map(regionLabel).join(', ') || 'none'})`);
  return targets as CloudRegion[];
}

/** Retry: the failed targets as the clouds files and the secrets given say now; says which are gone. */
export async function retryRegions(ctx: ActionContext, failed: readonly CloudRegion[]): Promise<CloudRegion[]> {
  const { resolved } = await ctx.config.viewNow();
  const { targets, gone } = regionsNow(failed, resolved.regions);
  if (gone.length) {
    const message = `Not retried: ${gone.join(', ')} ${gone.length > 1 ? 'are' : 'is'} no longer a usable cloud in clouds.yaml.`;
    ctx.log.warn(message);
    void vscode.window.showWarningMessage(message);
  }
  return targets;
}

export interface TargetPick extends Partial<Step> {
  title: string;
  /** Regions to select initially (else the last choice in this workspace). */
  preselect?: readonly CloudRegion[];
  /** Regions not offered (e.g. the one an image is copied from). */
  exclude?: readonly CloudRegion[];
}

/**
 * The clouds a wizard acts on, picked among those the Clouds view shows: a cloud hidden with
 * Filter Clouds… is not offered, nor preselected as last time's choice, so a wizard never logs
 * in to it. (A command that names a hidden cloud itself, by its arguments or a Retry of its own
 * earlier targets, acts on it: the user chose that cloud, not a list that happened to hold it.)
 */
export async function pickTargets(ctx: ActionContext, options: TargetPick): Promise<CloudRegion[]> {
  const excluded = new Set(options.exclude?.map(regionLabel));
  const usable = (await usableRegions(ctx)).filter((r) => !excluded.has(regionLabel(r)));
  if (!usable.length) throw new Error(excluded.size ? 'no other usable cloud in clouds.yaml' : 'no usable cloud in clouds.yaml (see the Clouds view for its problems)');
  const all = ctx.tree.shownRegions(usable);
  if (!all.length) throw new Error(`every usable cloud is hidden by the Clouds view's filter (${usable.map(regionLabel).join(', ')}): Clear Cloud Filter in the view's title shows them`);
  const last = new Set(ctx.workspaceState.get<string[]>(LAST_TARGETS) ?? []);
  const wanted = new Set((options.preselect?.length ? options.preselect.map(regionLabel) : [...last]));
  const items = all.map((region) => {
    const auth = region.config.auth as { auth_url?: string };
    return { label: regionLabel(region), description: auth.auth_url ? hostOf(auth.auth_url) : undefined, region };
  });
  const picked = await pickStep({
    step: options.step ?? 1, total: options.total ?? 1, title: options.title,
    placeholder: 'Clouds and regions to act on (Space to select, Enter to go on)',
    items, canPickMany: true, atLeastOne: true, selected: (i) => wanted.has(i.label),
  });
  if (!picked.length) throw new UserCancelled();
  await ctx.workspaceState.update(LAST_TARGETS, picked.map((p) => p.label));
  return picked.map((p) => p.region);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * Runs a fan-out on the targets that have a session (their sessions released after it) and gives
 * every target its outcome: why it has no session, its own error, or its result.
 */
export async function outcomesOf<R extends { target: string; error?: Error }>(
  opened: readonly OpenedSession[], release: () => void, run: (sessions: Session[]) => Promise<readonly R[]>,
): Promise<TargetOutcome<R>[]> {
  const sessions = opened.flatMap((o) => (o.session ? [o.session] : []));
  let results: readonly R[] = [];
  try {
    if (sessions.length) results = await run(sessions);
  } finally {
    release();
  }
  const byLabel = new Map(results.map((r) => [r.target, r]));
  return opened.map((o) => {
    const target = regionLabel(o.region);
    const r = o.session ? byLabel.get(o.session.label) : undefined;
    if (o.error || !r) return { target, error: o.error ?? new Error(`${target}: no result`) };
    return r.error ? { target, error: r.error } : { target, value: r };
  });
}

/** A cancellable notification whose token is an AbortSignal. */
export function withCancellableProgress<T>(title: string, task: (progress: vscode.Progress<{ message?: string; increment?: number }>, signal: AbortSignal) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    return task(progress, controller.signal);
  });
}
