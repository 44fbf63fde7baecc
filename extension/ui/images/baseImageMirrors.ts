// The `openstackClouds.baseImages.mirrors` setting: source id (ubuntu, debian, ...) → the URL that
// replaces the source's official root, as the CLI's --mirror does (for offline networks and
// proxies). A value that is not a string is ignored; the core checks the URL itself.
import * as vscode from 'vscode';

export function mirrorFor(source: string): string | undefined {
  const mirrors = vscode.workspace.getConfiguration('openstackClouds.baseImages').get<Record<string, unknown>>('mirrors') ?? {};
  const value = Object.prototype.hasOwnProperty.call(mirrors, source) ? mirrors[source] : undefined;
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
