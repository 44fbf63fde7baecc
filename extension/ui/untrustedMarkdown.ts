// Markdown that holds text from a cloud or a workspace file (tooltips, hovers): never trusted, so
// no `command:` link runs and no HTML renders, whatever the escaping before it missed.
import * as vscode from 'vscode';

export function untrustedMarkdown(markdown: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(markdown, false);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}
