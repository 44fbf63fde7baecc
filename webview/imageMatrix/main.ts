// The Image Matrix view: a row per image (by what it is), a column per cloud, a cell per copy
// (status, size, age, end-to-end check, id). Renders only what parseToWebview accepts, with DOM
// text nodes (no HTML from messages); sends back only Refresh and which row's Sync was pressed.
import { parseToWebview, type CellView, type FromWebview, type MatrixState, type RowView } from './protocol';
import { el } from '../shared/dom';

declare function acquireVsCodeApi(): { postMessage(message: FromWebview): void };
const vscode = acquireVsCodeApi();

const MARKS: Record<CellView['endToEnd'], { text: string; title: string }> = {
  verified: { text: '✓ verified', title: "The cloud's hash of the stored image is the distributor's published digest" },
  mismatch: { text: '✗ differs', title: "The cloud's hash of the stored image is NOT the distributor's published digest" },
  'not-compared': { text: '', title: '' },
};

function cell(row: RowView, cloud: string, state: MatrixState): HTMLTableCellElement {
  const td = el('td', 'cell');
  if (state.errors[cloud] !== undefined) {
    td.append(el('span', 'unknown', '?'));
    td.title = state.errors[cloud]!;
    return td;
  }
  const c = row.cells[cloud];
  if (!c) {
    td.classList.add('missing');
    td.append(el('span', 'none', '—'));
    return td;
  }
  td.classList.add(c.status === 'active' ? 'present' : 'other');
  const head = el('div', 'status');
  head.append(el('span', `badge ${c.status === 'active' ? 'active' : 'other'}`, c.status));
  const mark = MARKS[c.endToEnd];
  if (mark.text) {
    const m = el('span', `mark ${c.endToEnd}`, mark.text);
    m.title = mark.title;
    head.append(m);
  }
  const facts = [c.size, c.ageDays !== undefined ? `${c.ageDays} d` : '', c.more ? `+${c.more} more` : ''].filter(Boolean).join(' · ');
  td.append(head, el('div', 'facts', facts), el('code', 'id', c.id));
  td.title = c.name;
  return td;
}

function render(state: MatrixState): void {
  document.getElementById('busy')!.textContent = state.busy ?? '';
  const table = document.getElementById('matrix')!;
  table.replaceChildren();
  const head = el('tr', '');
  head.append(el('th', 'image', 'Image'), ...state.clouds.map((c) => el('th', 'cloud', c)), el('th', 'actions', ''));
  const thead = el('thead', '');
  thead.append(head);
  const body = el('tbody', '');
  for (const row of state.rows) {
    const tr = el('tr', `row ${row.kind}`);
    tr.dataset.key = row.key;
    const label = el('th', 'image');
    label.scope = 'row';
    label.append(el('span', 'label', row.label), el('span', 'kind', row.kind === 'source' ? 'by source sha256' : row.kind === 'os' ? 'by os_distro/os_version' : 'by name'));
    const actions = el('td', 'actions');
    if (row.canSync) {
      const sync = el('button', 'sync', 'Sync');
      sync.title = 'Upload this image to the clouds that lack it';
      sync.disabled = state.busy !== undefined;
      sync.addEventListener('click', () => vscode.postMessage({ type: 'sync', key: row.key }));
      actions.append(sync);
    }
    tr.append(label, ...state.clouds.map((c) => cell(row, c, state)), actions);
    body.append(tr);
  }
  table.append(thead, body);
  document.getElementById('empty')!.hidden = state.rows.length > 0 || state.busy !== undefined;
}

document.getElementById('refresh')!.addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
window.addEventListener('message', (event: MessageEvent) => {
  const message = parseToWebview(event.data);
  if (message) render(message);
});
vscode.postMessage({ type: 'ready' });
