// The Results view: every multi-cloud action (upload, boot) as a card, its clouds side by side,
// live while the action runs. It renders only what parseToWebview accepts, with DOM text nodes
// (no HTML from messages), and sends back only which button was pressed on which row.
import { parseToWebview, type ActionCard, type FromWebview, type TargetRow } from './protocol';
import { el } from '../shared/dom';

declare function acquireVsCodeApi(): { postMessage(message: FromWebview): void };
const vscode = acquireVsCodeApi();

const STATE_WORDS: Record<TargetRow['state'], string> = { running: 'running', ok: 'done', failed: 'failed', cancelled: 'cancelled' };

function rowCard(action: ActionCard, row: TargetRow): HTMLElement {
  const card = el('section', `target ${row.state}`);
  card.dataset.target = row.target;
  const head = el('header', 'target-head');
  head.append(el('span', 'target-name', row.target), el('span', `badge ${row.state}`, STATE_WORDS[row.state]));
  card.append(head, el('p', 'target-text', row.text));
  if (row.percent !== undefined && row.state === 'running') {
    const bar = el('div', 'bar');
    const fill = el('div', 'fill');
    fill.style.width = `${row.percent}%`;
    bar.setAttribute('role', 'progressbar');
    bar.setAttribute('aria-valuenow', String(Math.round(row.percent)));
    bar.append(fill);
    card.append(bar);
  }
  if (row.cells.length) {
    const list = el('dl', 'cells');
    for (const c of row.cells) list.append(el('dt', '', c.label), el('dd', '', c.value));
    card.append(list);
  }
  if (row.address) {
    const buttons = el('div', 'buttons');
    const copy = el('button', '', `Copy ${row.address}`);
    copy.addEventListener('click', () => vscode.postMessage({ type: 'copyAddress', actionId: action.id, target: row.target }));
    const ssh = el('button', 'secondary', 'SSH');
    ssh.addEventListener('click', () => vscode.postMessage({ type: 'ssh', actionId: action.id, target: row.target }));
    buttons.append(copy, ssh);
    card.append(buttons);
  }
  return card;
}

function render(actions: ActionCard[]): void {
  const root = document.getElementById('actions')!;
  root.replaceChildren();
  document.getElementById('empty')!.hidden = actions.length > 0;
  for (const action of actions) {
    const section = el('article', 'action');
    section.dataset.action = action.id;
    const head = el('header', 'action-head');
    head.append(el('h2', '', action.title), el('time', 'started', new Date(action.started).toLocaleTimeString()));
    if (action.exportable) {
      const exportButton = el('button', 'secondary export', 'Export as Playbook');
      exportButton.addEventListener('click', () => vscode.postMessage({ type: 'exportPlaybook', actionId: action.id }));
      head.append(exportButton);
    }
    section.append(head);
    if (action.summary) section.append(el('p', 'summary', action.summary));
    const grid = el('div', 'targets');
    for (const row of action.rows) grid.append(rowCard(action, row));
    section.append(grid);
    root.append(section);
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  const message = parseToWebview(event.data);
  if (message) render(message.actions);
});
vscode.postMessage({ type: 'ready' });
