import * as vscode from 'vscode';
import type { CloudsConfigService } from './cloudsConfigService';
import { createCloudsFile, openCloudsFile } from './cloudsFileCommands';
import { registerCommand } from './commandRunner';
import type { Log } from './log';
import { CloudsTreeProvider } from './tree/cloudsTreeProvider';

/** The Clouds tree view and the commands of its title bar and welcome view; returns the tree's provider. */
export function registerCloudsView(context: vscode.ExtensionContext, log: Log, config: CloudsConfigService): CloudsTreeProvider {
  const provider = new CloudsTreeProvider(config);
  const view = vscode.window.createTreeView('openstackClouds', { treeDataProvider: provider, showCollapseAll: true });
  context.subscriptions.push(
    provider,
    view,
    registerCommand(log, 'openstack.refresh', () => config.reload()),
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
  );
  return provider;
}
