// The Clouds view and every command on it: the tree over the explorer's cache, one session per
// cloud region, credentials in SecretStorage, the actions, and the live resources the language
// service reads. Returns what activate() hands on.
import * as vscode from 'vscode';
import type { CloudsConfigService, CloudsView } from './cloudsConfigService';
import { createCloudsFile, openCloudsFile, openInCloudsFile } from './cloudsFileCommands';
import { registerCommand } from './commandRunner';
import type { Log } from './log';
import { CredentialStore } from './explorer/credentials';
import { DEFAULT_PAGE_SIZE, ExplorerModel } from './explorer/explorerModel';
import { ExplorerLiveResources } from './explorer/liveResources';
import { CatalogRegionStore } from './explorer/catalogRegions';
import { SessionPool } from './explorer/sessionPool';
import { CloudFilterStore, registerFilterCommands } from './explorer/filterCommands';
import { isRegionShown } from './explorer/cloudFilter';
import { AutoRefresh } from './explorer/autoRefresh';
import { CloudsTreeProvider } from './tree/cloudsTreeProvider';
import { FolderNode } from './tree/folderNode';
import { CloudNode, ProblemNode } from './tree/nodes';
import { ErrorNode, type FailedList } from './tree/messageNodes';
import { KINDS } from './explorer/resourceKinds';
import { failureDetails } from './explorer/failureText';
import type { ActionContext } from './actions/actionContext';
import { ResultsDocuments } from './actions/resultsDocuments';
import { ResultsPanel } from './results/resultsPanel';
import { uploadImageCommand } from './actions/uploadImage';
import { uploadFromUrlCommand } from './actions/uploadFromUrl';
import { bootServerCommand } from './actions/bootServer';
import { copyIp, copyText, deleteImage, deleteServer, showConsoleLog, sshToServer } from './actions/serverActions';
import { enterSecret, forgetCredentials } from './actions/forgetCredentials';
import { registerImageCommands } from './images/registerImages';
import { registerServerCommands } from './actions/serverCommands';

export interface Explorer {
  tree: CloudsTreeProvider;
  live: ExplorerLiveResources;
  credentials: CredentialStore;
}

const setting = <T>(name: string, fallback: T) => vscode.workspace.getConfiguration('openstack').get<T>(name) ?? fallback;

export function registerExplorer(context: vscode.ExtensionContext, log: Log, config: CloudsConfigService): Explorer {
  const credentials = new CredentialStore(context.secrets, context.globalState, log);
  config.setSecretsSource((loaded, resolved) => credentials.secretsForResolution(loaded, resolved));
  const catalogs = new CatalogRegionStore();
  const pool = new SessionPool(log, credentials, (region, regions) => catalogs.record(region, regions));
  const model = new ExplorerModel(pool, () => setting('explorer.pageSize', DEFAULT_PAGE_SIZE), (where, error) => {
    log.error(`${where.cloud}${where.region ? `/${where.region}` : ''}: loading ${KINDS[where.kind].label} failed: ${failureDetails(error, KINDS[where.kind].service)}`);
  });
  const cloudFilter = new CloudFilterStore(context.workspaceState);
  const tree = new CloudsTreeProvider(config, { model, missingSecrets: (r) => r.missing_secrets.filter((k) => !credentials.has(r, k)), cloudFilter: () => cloudFilter.get(), rootsMade: (clouds) => cloudFilter.describeView(clouds) });
  const documents = new ResultsDocuments();
  const results = new ResultsPanel(context.extensionUri, log);

  // The language service asks synchronously; the resolved clouds are kept here once known.
  let view: CloudsView | undefined;
  const live = new ExplorerLiveResources(model, {
    regionsOf: (cloud) => {
      if (!view) {
        void config.getView().then((v) => {
          view = v;
          live.changed(); // asked before the clouds were known: ask again
        }, () => undefined);
        return undefined;
      }
      // A cloud the user hid is not logged in to for the language service either.
      return view.resolved.clouds.find((c) => c.name === cloud)?.regions.filter((r) => isRegionShown(cloudFilter.get(), r));
    },
    mayLoad: () => vscode.workspace.isTrusted && setting('language.liveResources', true),
    catalogs,
  });

  // A cloud's row says how many of its lists failed: render it again when that number changes.
  const failuresShown = new Map<string, number>();
  const failureCounter = model.onDidChange(({ cloud }) => {
    const failed = model.failedLists(cloud);
    if ((failuresShown.get(cloud) ?? 0) === failed) return;
    failuresShown.set(cloud, failed);
    void tree.redrawCloud(cloud);
  });

  const ctx: ActionContext = { log, config, model, pool, tree, results, documents, workspaceState: context.workspaceState };
  const treeView = vscode.window.createTreeView('openstackClouds', { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true });
  context.subscriptions.push(
    tree, treeView, pool, results,
    treeView.onDidExpandElement((e) => tree.expandedRows.expanded(e.element.id)),
    treeView.onDidCollapseElement((e) => tree.expandedRows.collapsed(e.element.id)), documents, live, credentials, failureCounter,
    credentials.onDidChange((cloud) => void tree.redrawCloud(cloud)),
    config.onDidChange(() => {
      view = undefined;
      live.forgetRequests();
    }),
    ...registerFilterCommands(log, config, tree, treeView, cloudFilter),
    registerCommand(log, 'openstack.refresh', () => config.reload()),
    registerCommand(log, 'openstack.refreshCloud', (node: unknown) => (node instanceof CloudNode ? tree.refreshCloud(node.cloud.name) : config.reload())),
    registerCommand(log, 'openstack.refreshList', (node: unknown) => (node instanceof FolderNode ? node.refresh() : undefined)),
    registerCommand(log, 'openstack.retry', (node: unknown) => (node instanceof FolderNode ? retryList(config, tree, node) : node instanceof ErrorNode ? retryList(config, tree, node.list) : undefined)),
    registerCommand(log, 'openstack.openInCloudsFile', (node: unknown) => openInCloudsFile(config, node)),
    registerCommand(log, 'openstack.loadMore', (node: unknown) => (node instanceof FolderNode ? node.loadMore() : undefined)),
    registerCommand(log, 'openstack.openCloudsFile', () => openCloudsFile(config)),
    registerCommand(log, 'openstack.createCloudsFile', (target?: vscode.Uri) => createCloudsFile(config, target instanceof vscode.Uri ? target : undefined)),
    registerCommand(log, 'openstack.showLog', () => log.show()),
    registerCommand(log, 'openstack.fetchRemoteProfiles', () =>
      vscode.window.withProgress({ location: { viewId: 'openstackClouds' }, title: 'Fetching remote vendor profiles', cancellable: true }, (_progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return config.fetchRemoteProfiles(controller.signal);
      }),
    ),
    registerCommand(log, 'openstack.uploadImage', (a?: unknown, b?: unknown) => uploadImageCommand(ctx, a, b)),
    registerCommand(log, 'openstack.uploadImageFromUrl', (a?: unknown) => uploadFromUrlCommand(ctx, a)),
    registerCommand(log, 'openstack.bootServer', (a?: unknown, b?: unknown) => bootServerCommand(ctx, a, b)),
    registerCommand(log, 'openstack.bootFromImage', (a?: unknown, b?: unknown) => bootServerCommand(ctx, a, b)),
    registerCommand(log, 'openstack.deleteServer', (node: unknown, selected?: unknown, options?: unknown) => deleteServer(ctx, node, selected, options)),
    registerCommand(log, 'openstack.deleteImage', (node: unknown, selected?: unknown, options?: unknown) => deleteImage(ctx, node, selected, options)),
    registerCommand(log, 'openstack.copyIp', (node: unknown) => copyIp(node)),
    registerCommand(log, 'openstack.copyId', (node: unknown) => copyText(node, 'id')),
    registerCommand(log, 'openstack.copyName', (node: unknown) => copyText(node, 'name')),
    registerCommand(log, 'openstack.ssh', (node: unknown, options?: object) => sshToServer(ctx, node, options)),
    registerCommand(log, 'openstack.showResults', () => {
      results.show();
      return results.book.cards; // for automation and tests: what the view shows
    }),
    registerCommand(log, 'openstack.showConsoleLog', (node: unknown) => showConsoleLog(ctx, node)),
    registerCommand(log, 'openstack.enterSecret', (a: unknown, key?: string) => (a instanceof ProblemNode && a.cloud && a.secretKey
      ? enterSecret(config, credentials, a.cloud, a.secretKey)
      : a instanceof ErrorNode && a.options.secretKey ? enterSecret(config, credentials, a.options.cloud, a.options.secretKey)
        : enterSecret(config, credentials, String(a), String(key)))),
    registerCommand(log, 'openstack.forgetCredentials', (clouds?: string[]) => forgetCredentials(ctx, credentials, clouds)),
    ...registerServerCommands(ctx),
  );
  registerImageCommands(context, ctx);
  // openstackClouds.autoRefreshSeconds: the open lists again on an interval, while the view is on screen.
  const autoRefresh = new AutoRefresh({
    seconds: () => vscode.workspace.getConfiguration('openstackClouds').get<number>('autoRefreshSeconds', 0),
    visible: () => treeView.visible,
    refresh: () => tree.refreshExpandedLists(),
  });
  autoRefresh.update();
  context.subscriptions.push(autoRefresh, treeView.onDidChangeVisibility(() => autoRefresh.update()),
    vscode.workspace.onDidChangeConfiguration((e) => (e.affectsConfiguration('openstackClouds.autoRefreshSeconds') ? autoRefresh.update() : undefined)));
  return { tree, live, credentials };
}

/**
 * An error row's Retry: the clouds files are read again first, so the list loads with what the
 * user fixed. A changed file rebuilds the tree (its lists load again where expanded); a row of
 * regions that are no longer current does too; otherwise only this list loads again.
 */
async function retryList(config: CloudsConfigService, tree: CloudsTreeProvider, node: FailedList): Promise<void> {
  const { resolved, changed } = await config.viewNow();
  if (changed) return;
  if (resolved.regions.includes(node.region)) node.refresh();
  else tree.reset();
}
