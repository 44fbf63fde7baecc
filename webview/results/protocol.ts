// The messages between the Results webview and the extension, and their validation. Plain
// TypeScript (no DOM, no `vscode`): both sides import it and unit tests run it in Node. Each
// side checks what it receives; the webview sends only which button was pressed where, never
// an address or a command line: the extension looks those up in its own state.

export type RowState = 'running' | 'ok' | 'failed' | 'cancelled';

/** One cloud region's line of an action. */
export interface TargetRow {
  /** `cloud/region`. */
  target: string;
  state: RowState;
  /** The step while running ("uploading 42%", "waiting for ACTIVE"), the outcome or the error once done. */
  text: string;
  /** 0..100 while a byte count is known. */
  percent?: number;
  /** What the action produced (image ID, format, public IPv4, seconds, ...), in order. */
  cells: { label: string; value: string }[];
  /** The address Copy IP and SSH use (a booted server that is reachable). */
  address?: string;
}

/** One action on several clouds: upload of X, boot of Y. */
export interface ActionCard {
  id: string;
  title: string;
  /** ISO time the action started. */
  started: string;
  rows: TargetRow[];
  /** The summary sentence once every target is done. */
  summary?: string;
  /** The action can be written as a playbook ("Export as Playbook" on its card). */
  exportable?: boolean;
}

export type ToWebview = { type: 'state'; actions: ActionCard[] };
export type FromWebview =
  | { type: 'ready' }
  | { type: 'copyAddress'; actionId: string; target: string }
  | { type: 'ssh'; actionId: string; target: string }
  | { type: 'exportPlaybook'; actionId: string };

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isText = (v: unknown, max = 10_000): v is string => typeof v === 'string' && v.length <= max;
const STATES: readonly RowState[] = ['running', 'ok', 'failed', 'cancelled'];

/** What the webview may ask; anything else (another shape, extra data, huge strings) is undefined. */
export function parseFromWebview(m: unknown): FromWebview | undefined {
  if (!isRecord(m)) return undefined;
  if (m.type === 'ready' && Object.keys(m).length === 1) return { type: 'ready' };
  if (m.type === 'exportPlaybook' && isText(m.actionId, 100) && Object.keys(m).length === 2) return { type: m.type, actionId: m.actionId };
  if ((m.type === 'copyAddress' || m.type === 'ssh') && isText(m.actionId, 100) && isText(m.target, 300) && Object.keys(m).length === 3) {
    return { type: m.type, actionId: m.actionId, target: m.target };
  }
  return undefined;
}

function parseRow(r: unknown): TargetRow | undefined {
  if (!isRecord(r) || !isText(r.target, 300) || !STATES.includes(r.state as RowState) || !isText(r.text)) return undefined;
  if (r.percent !== undefined && !(typeof r.percent === 'number' && r.percent >= 0 && r.percent <= 100)) return undefined;
  if (r.address !== undefined && !isText(r.address, 100)) return undefined;
  if (!Array.isArray(r.cells) || !r.cells.every((c) => isRecord(c) && isText(c.label, 100) && isText(c.value, 1000))) return undefined;
  return {
    target: r.target, state: r.state as RowState, text: r.text, cells: (r.cells as { label: string; value: string }[]).map((c) => ({ label: c.label, value: c.value })),
    ...(r.percent !== undefined ? { percent: r.percent as number } : {}), ...(r.address !== undefined ? { address: r.address as string } : {}),
  };
}

/** What the extension may tell the webview; the webview renders nothing else. */
export function parseToWebview(m: unknown): ToWebview | undefined {
  if (!isRecord(m) || m.type !== 'state' || !Array.isArray(m.actions) || m.actions.length > 100) return undefined;
  const actions: ActionCard[] = [];
  for (const a of m.actions) {
    if (!isRecord(a) || !isText(a.id, 100) || !isText(a.title, 500) || !isText(a.started, 40) || !Array.isArray(a.rows)) return undefined;
    if (a.summary !== undefined && !isText(a.summary)) return undefined;
    if (a.exportable !== undefined && typeof a.exportable !== 'boolean') return undefined;
    const rows = a.rows.map(parseRow);
    if (rows.some((r) => !r)) return undefined;
    actions.push({ id: a.id, title: a.title, started: a.started, rows: rows as TargetRow[], ...(a.summary !== undefined ? { summary: a.summary as string } : {}), ...(a.exportable ? { exportable: true } : {}) });
  }
  return { type: 'state', actions };
}
