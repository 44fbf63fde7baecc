// Wiring only: build the parts, register them, return. No network and no file reading here;
// the clouds configuration loads when the tree first asks for it.
import * as vscode from 'vscode';
import { Log } from './ui/log';
import { CloudsConfigService } from './ui/cloudsConfigService';
import { registerCloudsView } from './ui/registerCloudsView';
import { registerLanguageFeatures } from './ui/language/registerLanguage';
import { explorerLiveResources } from './ui/language/liveResourcesProvider';

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
  const cloudsTree = registerCloudsView(context, log, config);
  registerLanguageFeatures(context, log, config, explorerLiveResources());
  return { cloudsTree };
}

export function deactivate(): void {}
