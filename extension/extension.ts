// Wiring only: build the parts, register them, return. No network and no file reading here;
// the clouds configuration loads when the tree first asks for it.
import * as vscode from 'vscode';
import { Log } from './ui/log';
import { CloudsConfigService } from './ui/cloudsConfigService';
import { registerExplorer } from './ui/registerExplorer';
import { registerLanguageFeatures } from './ui/language/registerLanguage';
import { registerPlaybookRun } from './ui/ansible/registerPlaybookRun';
import { registerBuildTasks } from './ui/baseImages/buildTasks';

/**
 * What activate() returns (`extension.exports`): the provider behind the Clouds view, so that
 * the extension-host tests and other extensions see the tree exactly as VS Code renders it.
 */
export interface OpenStackCloudsApi {
  readonly cloudsTree: vscode.TreeDataProvider<unknown>;
}

export function activate(context: vscode.ExtensionContext): OpenStackCloudsApi {
  const log = new Log();
  const config = new CloudsConfigService(log);
  context.subscriptions.push(log, config);
  const explorer = registerExplorer(context, log, config);
  registerLanguageFeatures(context, log, config, explorer.live);
  registerPlaybookRun(context, { log, config, credentials: explorer.credentials, tree: explorer.tree });
  registerBuildTasks(context, log);
  return { cloudsTree: explorer.tree };
}

export function deactivate(): void {}
