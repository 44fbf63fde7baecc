// Wiring only: build the parts, register them, return. No network and no file reading here;
// the clouds configuration loads when the tree first asks for it.
import * as vscode from 'vscode';
import { Log } from './ui/log';
import { CloudsConfigService } from './ui/cloudsConfigService';
import { registerCloudsView } from './ui/registerCloudsView';
import { registerLanguageFeatures } from './ui/language/registerLanguage';
import { explorerLiveResources } from './ui/language/liveResourcesProvider';

export function activate(context: vscode.ExtensionContext): void {
  const log = new Log();
  const config = new CloudsConfigService(log);
  context.subscriptions.push(log, config);
  registerCloudsView(context, log, config);
  registerLanguageFeatures(context, log, config, explorerLiveResources());
}

export function deactivate(): void {}
