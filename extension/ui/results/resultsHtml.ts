// The Results webview's page: a strict Content Security Policy (nothing remote, the one script
// and the style only with this page's nonce), VS Code's theme colours, the bundled script.
import { newNonce, webviewPage } from '../webviewPage';

export { newNonce };

/** `cspSource`: the webview's own origin (webview.cspSource); `scriptUri`: dist/webview/results.js as a webview URI. */
export function resultsHtml(cspSource: string, scriptUri: string, nonce: string): string {
  return webviewPage({ cspSource, scriptUri, nonce, title: 'OpenStack Results', style: STYLE, body: BODY });
}

const STYLE = `  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 16px 16px; }
  .action { border-bottom: 1px solid var(--vscode-panel-border); padding: 12px 0; }
  .action-head { display: flex; align-items: baseline; gap: 12px; }
  .action-head h2 { font-size: 1.15em; margin: 0; }
  .action-head .export { margin-left: auto; white-space: nowrap; }
  .started, .target-text, dt { color: var(--vscode-descriptionForeground); }
  .summary { margin: 6px 0 10px; }
  .targets { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 10px; }
  .target { border: 1px solid var(--vscode-widget-border, var(--vscode-panel-border)); border-radius: 4px; padding: 8px 10px; background: var(--vscode-editorWidget-background); }
  .target.failed { border-color: var(--vscode-errorForeground); }
  .target-head { display: flex; justify-content: space-between; gap: 8px; font-weight: 600; }
  .badge { font-weight: normal; font-size: 0.85em; padding: 0 6px; border-radius: 8px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
  .badge.failed { background: var(--vscode-inputValidation-errorBackground); color: var(--vscode-errorForeground); }
  .target-text { margin: 6px 0; overflow-wrap: anywhere; }
  .bar { height: 4px; background: rgba(128, 128, 128, 0.25); border-radius: 2px; }
  .bar .fill { height: 100%; background: var(--vscode-progressBar-background); border-radius: 2px; }
  .cells { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 6px 0; }
  .cells dd { margin: 0; font-family: var(--vscode-editor-font-family); overflow-wrap: anywhere; }
  .buttons { display: flex; gap: 6px; margin-top: 8px; }
  button { border: none; padding: 4px 10px; border-radius: 2px; cursor: pointer; color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
  button:hover { background: var(--vscode-button-hoverBackground); }
  button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }`;

const BODY = `<p id="empty">No action has run yet in this window. Upload an image or boot a server on some clouds: their results show here side by side.</p>
<div id="actions"></div>`;
