// Read-only documents the extension writes (server console logs; the results of actions are in
// the Results webview). A TextDocumentContentProvider, so nothing is written to disk.
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

  /** Keeps `text` under a new read-only document named `name` and opens it. */
  async show(name: string, text: string): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: RESULTS_SCHEME, path: `/${name.replace(/[\\/:*?"<>|]+/g, '-')}`, query: String(++this.counter) });
    this.texts.set(uri.toString(), text);
    // Old results go after a while: keep the last 50.
    while (this.texts.size > 50) this.texts.delete(this.texts.keys().next().value!);
    const doc = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(doc, { preview: true });
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
