// The Results webview: one panel per window, opened by "Show Results" (or the command), kept up
// to date while actions run, showing the ResultsBook. Messages from it are validated and only
// name a row; Copy and SSH act on the extension's own record of that row.
import * as vscode from 'vscode';
import { parseFromWebview, type ToWebview } from '../../../webview/results/protocol';
import type { Log } from '../log';
import { ResultsBook } from './resultsBook';
import { ResultsStatusItem } from './resultsStatus';
import { newNonce, resultsHtml } from './resultsHtml';

/** Redraws at most this often while uploads report progress. */
const REDRAW_MS = 200;

export class ResultsPanel implements vscode.Disposable {
  readonly book: ResultsBook;
  private panel: vscode.WebviewPanel | undefined;
  private redraw: NodeJS.Timeout | undefined;
  /** Messages the webview sent that were refused (a test checks that nothing valid is refused). */
  refused = 0;

  /** The last action in the status bar: the Results stay a click away after the toast hides. */
  private readonly status: ResultsStatusItem;

  constructor(private readonly extensionUri: vscode.Uri, private readonly log: Log) {
    this.book = new ResultsBook(() => {
      this.status.update();
      this.scheduleRedraw();
    }, (text) => log.redact(text));
    this.status = new ResultsStatusItem(() => this.book.cards);
  }

  /** Opens the panel beside the editor (or reveals it) and draws the current state. */
  show(): void {
    if (this.panel) {
      this.panel.reveal(undefined, true);
      this.post();
      return;
    }
    const root = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel('openstackResults', 'OpenStack Results', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true, localResourceRoots: [root],
    });
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'openstack.svg');
    panel.webview.html = resultsHtml(panel.webview.cspSource, panel.webview.asWebviewUri(vscode.Uri.joinPath(root, 'results.js')).toString(), newNonce());
    panel.webview.onDidReceiveMessage((m: unknown) => this.received(m));
    panel.onDidDispose(() => {
      this.panel = undefined;
      clearTimeout(this.redraw);
    });
    this.panel = panel;
  }

  private received(raw: unknown): void {
    const m = parseFromWebview(raw);
    if (!m) {
      this.refused++;
      this.log.warn('the Results view sent a message that is not one of its own; ignored');
      return;
    }
    if (m.type === 'ready') return this.post();
    if (m.type === 'copyAddress') {
      const address = this.book.addressOf(m.actionId, m.target);
      if (address) void vscode.env.clipboard.writeText(address).then(() => vscode.window.setStatusBarMessage(`Copied ${address} (${m.target})`, 3000));
      return;
    }
    if (m.type === 'exportPlaybook') {
      const open = this.book.exportFor(m.actionId);
      if (open) open().catch((e: unknown) => this.log.error('Export as Playbook failed', e));
      return;
    }
    const ssh = this.book.sshFor(m.actionId, m.target);
    if (ssh) ssh().catch((e: unknown) => this.log.error(`SSH to ${m.target} failed`, e));
  }

  private scheduleRedraw(): void {
    if (!this.panel || this.redraw) return;
    this.redraw = setTimeout(() => {
      this.redraw = undefined;
      this.post();
    }, REDRAW_MS);
  }

  private post(): void {
    const message: ToWebview = { type: 'state', actions: [...this.book.cards] };
    void this.panel?.webview.postMessage(message);
  }

  dispose(): void {
    this.status.dispose();
    clearTimeout(this.redraw);
    this.panel?.dispose();
  }
}
