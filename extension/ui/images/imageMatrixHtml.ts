// The Image Matrix webview's page: a strict Content Security Policy (nothing remote, the one
// script and the style only with this page's nonce), VS Code's theme colours, the bundled script.
import { newNonce, webviewPage } from '../webviewPage';

export { newNonce };

/** `scriptUri`: dist/webview/imageMatrix.js as a webview URI. */
export function imageMatrixHtml(cspSource: string, scriptUri: string, nonce: string): string {
  return webviewPage({ cspSource, scriptUri, nonce, title: 'Image Matrix', style: STYLE, body: BODY });
}

const STYLE = `  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 16px 16px; }
  .bar { display: flex; align-items: center; gap: 12px; margin: 12px 0; }
  #busy { color: var(--vscode-descriptionForeground); }
  table { border-collapse: collapse; width: 100%; }
  th, td { border-bottom: 1px solid var(--vscode-panel-border); padding: 6px 8px; text-align: left; vertical-align: top; }
  thead th { font-weight: 600; white-space: nowrap; }
  th.image .label { display: block; font-family: var(--vscode-editor-font-family); overflow-wrap: anywhere; }
  th.image .kind, .facts, .none { color: var(--vscode-descriptionForeground); font-weight: normal; font-size: 0.9em; }
  td.missing { background: var(--vscode-inputValidation-warningBackground, transparent); }
  .status { display: flex; gap: 8px; align-items: baseline; }
  .badge { font-size: 0.85em; padding: 0 6px; border-radius: 8px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
  .badge.other { background: var(--vscode-inputValidation-warningBackground); color: var(--vscode-foreground); }
  .mark.verified { color: var(--vscode-testing-iconPassed, var(--vscode-foreground)); }
  .mark.mismatch { color: var(--vscode-errorForeground); font-weight: 600; }
  code.id { font-size: 0.85em; color: var(--vscode-descriptionForeground); }
  button { border: none; padding: 4px 10px; border-radius: 2px; cursor: pointer; color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
  button:hover { background: var(--vscode-button-hoverBackground); }
  button:disabled { opacity: 0.5; cursor: default; }
  button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }`;

const BODY = `<div class="bar"><button id="refresh" class="secondary">Refresh</button><span id="busy" role="status" aria-live="polite"></span></div>
<p id="empty" hidden>No images on these clouds.</p>
<table id="matrix" aria-label="Images by cloud"></table>`;
