// The Image Matrix webview: which image is on which cloud for the chosen clouds, a Sync button on
// rows that have a source to fetch and a cloud that lacks them. Messages from the page are
// validated and name only a row key; what Sync fetches and where it uploads comes from the
// extension's own matrix.
import * as vscode from 'vscode';
import type { CloudRegion } from '../../config/index';
import { buildMatrix, cloudsLacking, type ImageMatrix, type MatrixRow } from '../../images/imageMatrix';
import { listingsOf } from '../../images/syncImages';
import { formatBytes } from '../../text/table';
import { parseFromWebview, type MatrixState, type RowView } from '../../../webview/imageMatrix/protocol';
import type { ActionContext } from '../actions/actionContext';
import { regionLabel } from '../explorer/explorerModel';
import { runGetBaseImage } from './getBaseImage';
import { imageMatrixHtml, newNonce } from './imageMatrixHtml';

export class ImageMatrixPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private targets: readonly CloudRegion[] = [];
  private matrix: ImageMatrix = { clouds: [], errors: {}, rows: [] };
  private busy: string | undefined;
  private loading: Promise<ImageMatrix> | undefined;
  /** Messages the page sent that were refused. */
  refused = 0;

  constructor(private readonly ctx: ActionContext, private readonly extensionUri: vscode.Uri) {}

  /** Opens (or reveals) the panel for these clouds and loads their images; resolves with the matrix shown. */
  async show(targets: readonly CloudRegion[]): Promise<ImageMatrix> {
    this.targets = targets;
    if (!this.panel) this.panel = this.createPanel();
    else this.panel.reveal(undefined, true);
    return this.load();
  }

  private createPanel(): vscode.WebviewPanel {
    const root = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel('openstackImageMatrix', vscode.l10n.t('Image Matrix'), { viewColumn: vscode.ViewColumn.Active }, { enableScripts: true, localResourceRoots: [root] });
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'openstack.svg');
    panel.webview.html = imageMatrixHtml(panel.webview.cspSource, panel.webview.asWebviewUri(vscode.Uri.joinPath(root, 'imageMatrix.js')).toString(), newNonce());
    panel.webview.onDidReceiveMessage((m: unknown) => this.received(m));
    panel.onDidDispose(() => { this.panel = undefined; });
    return panel;
  }

  private received(raw: unknown): void {
    const m = parseFromWebview(raw);
    if (!m) {
      this.refused++;
      this.ctx.log.warn('the Image Matrix view sent a message that is not one of its own; ignored');
      return;
    }
    if (m.type === 'ready') return this.post();
    if (m.type === 'refresh') return void this.load().catch((e: unknown) => this.ctx.log.error('loading the image matrix failed', e));
    void this.sync(m.key).catch((e: unknown) => {
      this.ctx.log.error('sync from the image matrix failed', e);
      void vscode.window.showErrorMessage(this.ctx.log.redact(e instanceof Error ? e.message : String(e)), 'Show Log').then((c) => (c ? this.ctx.log.show() : undefined));
    });
  }

  /** Lists the images of every target (each cloud on its own: one that fails shows `?`). */
  load(): Promise<ImageMatrix> {
    this.loading ??= (async () => {
      this.setBusy(vscode.l10n.t('Loading images…'));
      try {
        const { opened, release } = await this.ctx.pool.sessionsFor(this.targets);
        const ready = opened.filter((o) => o.session).map((o) => o.session!);
        const listed = await listingsOf(ready).finally(release);
        const listings = opened.map((o) => (o.session ? listed.find((l) => l.cloud === o.session!.label)! : { cloud: regionLabel(o.region), error: o.error!.message }));
        this.matrix = buildMatrix(listings);
        return this.matrix;
      } finally {
        this.loading = undefined;
        this.setBusy(undefined);
      }
    })();
    return this.loading;
  }

  /** Sync of a row: the extension's own row (by key) → its source ref → the Get Base Image path. */
  async sync(key: string): Promise<ImageMatrix> {
    const row = this.matrix.rows.find((r) => r.key === key);
    if (!row?.ref || !row.sha256 || this.busy) return this.matrix;
    const lacking = new Set(cloudsLacking(this.matrix, row));
    this.setBusy(vscode.l10n.t('Syncing {0}…', row.label));
    try {
      await runGetBaseImage(this.ctx, row.ref, this.targets.filter((r) => lacking.has(regionLabel(r))), { expectSha256: row.sha256, name: newestName(row) });
    } finally {
      this.setBusy(undefined);
    }
    return this.load();
  }

  private setBusy(text: string | undefined): void {
    this.busy = text;
    this.post();
  }

  /** What the page is shown (also what tests read). */
  state(): MatrixState {
    const m = this.matrix;
    return { type: 'state', clouds: m.clouds, errors: m.errors, rows: m.rows.map((r) => rowView(m, r)), ...(this.busy ? { busy: this.busy } : {}) };
  }

  private post(): void {
    void this.panel?.webview.postMessage(this.state());
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

/** The name a synced copy gets: the one the row's newest copy has, so a cloud's copies match. */
function newestName(row: MatrixRow): string | undefined {
  const copies = Object.values(row.cells).flat().filter((c) => c.status === 'active' && c.name);
  return copies.sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''))[0]?.name;
}

function rowView(m: ImageMatrix, r: MatrixRow): RowView {
  const cells: RowView['cells'] = {};
  for (const [cloud, copies] of Object.entries(r.cells)) {
    const c = copies.find((i) => i.status === 'active') ?? copies[0]!;
    cells[cloud] = { id: c.id.slice(0, 100), name: c.name.slice(0, 300), status: c.status.slice(0, 40), size: formatBytes(c.size), endToEnd: c.endToEnd, more: copies.length - 1, ...(c.ageDays !== undefined ? { ageDays: c.ageDays } : {}) };
  }
  return { key: r.key.slice(0, 600), kind: r.kind, label: r.label.slice(0, 300), canSync: !!r.ref && cloudsLacking(m, r).length > 0, cells };
}
