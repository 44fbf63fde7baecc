// The messages between the Image Matrix webview and the extension, and their validation. Plain
// TypeScript (no DOM, no `vscode`): both sides import it and unit tests run it in Node. The page
// gets whole states and sends back only which row's Sync was pressed (by its key); what to
// fetch and where to upload is looked up in the extension's own matrix, never taken from the page.

export type Verified = 'verified' | 'mismatch' | 'not-compared';

export interface CellView {
  id: string;
  name: string;
  status: string;
  /** Already formatted (`1.3 MiB`). */
  size: string;
  ageDays?: number;
  endToEnd: Verified;
  /** How many more copies the cloud has of the row. */
  more: number;
}

export interface RowView {
  key: string;
  kind: 'source' | 'os' | 'name';
  label: string;
  /** Sync is offered (the row has a source to fetch and a cloud lacks it). */
  canSync: boolean;
  /** By cloud; a cloud without a copy has no entry. */
  cells: Record<string, CellView>;
}

export interface MatrixState {
  type: 'state';
  clouds: string[];
  /** By cloud: why its images could not be listed. */
  errors: Record<string, string>;
  rows: RowView[];
  /** While loading or syncing: what is going on. */
  busy?: string;
}

export type ToWebview = MatrixState;
export type FromWebview = { type: 'ready' } | { type: 'refresh' } | { type: 'sync'; key: string };

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isText = (v: unknown, max = 1000): v is string => typeof v === 'string' && v.length <= max;
const VERIFIED: readonly Verified[] = ['verified', 'mismatch', 'not-compared'];
const KINDS: readonly RowView['kind'][] = ['source', 'os', 'name'];

export function parseFromWebview(m: unknown): FromWebview | undefined {
  if (!isRecord(m)) return undefined;
  const keys = Object.keys(m).length;
  if ((m.type === 'ready' || m.type === 'refresh') && keys === 1) return { type: m.type };
  if (m.type === 'sync' && isText(m.key, 600) && keys === 2) return { type: 'sync', key: m.key };
  return undefined;
}

function parseCell(c: unknown): CellView | undefined {
  if (!isRecord(c) || !isText(c.id, 100) || !isText(c.name, 300) || !isText(c.status, 40) || !isText(c.size, 40)) return undefined;
  if (!VERIFIED.includes(c.endToEnd as Verified) || !(typeof c.more === 'number' && Number.isInteger(c.more) && c.more >= 0)) return undefined;
  if (c.ageDays !== undefined && !(typeof c.ageDays === 'number' && Number.isInteger(c.ageDays) && c.ageDays >= 0)) return undefined;
  return { id: c.id, name: c.name, status: c.status, size: c.size, endToEnd: c.endToEnd as Verified, more: c.more, ...(c.ageDays !== undefined ? { ageDays: c.ageDays as number } : {}) };
}

function parseRow(r: unknown, clouds: string[]): RowView | undefined {
  if (!isRecord(r) || !isText(r.key, 600) || !KINDS.includes(r.kind as RowView['kind']) || !isText(r.label, 300) || typeof r.canSync !== 'boolean' || !isRecord(r.cells)) return undefined;
  const cells: Record<string, CellView> = {};
  for (const [cloud, cell] of Object.entries(r.cells)) {
    const parsed = parseCell(cell);
    if (!clouds.includes(cloud) || !parsed) return undefined;
    cells[cloud] = parsed;
  }
  return { key: r.key, kind: r.kind as RowView['kind'], label: r.label, canSync: r.canSync, cells };
}

/** What the extension may tell the page; the page renders nothing else. */
export function parseToWebview(m: unknown): ToWebview | undefined {
  if (!isRecord(m) || m.type !== 'state' || !Array.isArray(m.clouds) || m.clouds.length > 50 || !m.clouds.every((c) => isText(c, 300))) return undefined;
  const clouds = m.clouds as string[];
  if (!isRecord(m.errors) || !Object.entries(m.errors).every(([c, e]) => clouds.includes(c) && isText(e, 2000))) return undefined;
  if (!Array.isArray(m.rows) || m.rows.length > 5000 || (m.busy !== undefined && !isText(m.busy, 300))) return undefined;
  const rows = m.rows.map((r) => parseRow(r, clouds));
  if (rows.some((r) => !r)) return undefined;
  return { type: 'state', clouds, errors: { ...(m.errors as Record<string, string>) }, rows: rows as RowView[], ...(m.busy !== undefined ? { busy: m.busy as string } : {}) };
}
