// The page of a webview: a strict Content Security Policy (nothing remote; the one script and the
// style only with this page's nonce), the given style and body, then the bundled script.
import crypto from 'node:crypto';

export function newNonce(): string {
  return crypto.randomBytes(18).toString('base64url');
}

export interface WebviewPage {
  /** webview.cspSource: the webview's own origin. */
  cspSource: string;
  /** The bundled script (dist/webview/NAME.js) as a webview URI. */
  scriptUri: string;
  nonce: string;
  title: string;
  /** CSS rules, indented by two spaces. */
  style: string;
  body: string;
}

export function webviewPage(p: WebviewPage): string {
  const csp = [`default-src 'none'`, `img-src ${p.cspSource}`, `style-src 'nonce-${p.nonce}'`, `script-src 'nonce-${p.nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${p.title}</title>
<style nonce="${p.nonce}">
${p.style}
</style>
</head>
<body>
${p.body}
<script nonce="${p.nonce}" src="${p.scriptUri}"></script>
</body>
</html>`;
}
