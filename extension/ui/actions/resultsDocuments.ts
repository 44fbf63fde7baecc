// Read-only documents the extension writes (server console logs, server and image details; the
// results of actions are in the Results webview). A TextDocumentContentProvider, so nothing is
// written to disk; a followed console log is updated in place.
import * as vscode from 'vscode';

export const RESULTS_SCHEME = 'openstack-results';

export class ResultsDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(RESULTS_SCHEME, this);
  private counter = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '(this result is no longer available)';
  }

  /** Keeps `text` under a new read-only document named `name` and opens it (as `languageId`, e.g. yaml). */
  async show(name: string, text: string, languageId?: string): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: RESULTS_SCHEME, path: `/${name.replace(/[\\/:*?"<>|]+/g, '-')}`, query: String(++this.counter) });
    this.texts.set(uri.toString(), text);
    // Old results go after a while: keep the last 50.
    while (this.texts.size > 50) this.texts.delete(this.texts.keys().next().value!);
    let doc = await vscode.workspace.openTextDocument(uri);
    if (languageId) doc = await vscode.languages.setTextDocumentLanguage(doc, languageId);
    return vscode.window.showTextDocument(doc, { preview: true });
  }

  /** New text for a document shown before (a followed console log); false when it is no longer kept. */
  update(uri: vscode.Uri, text: string): boolean {
    if (!this.texts.has(uri.toString())) return false;
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    return true;
  }

  /** Whether an editor tab still shows the document (closing the tab does not close the document at once). */
  isShown(uri: vscode.Uri): boolean {
    const key = uri.toString();
    return vscode.window.tabGroups.all.some((g) => g.tabs.some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === key));
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
