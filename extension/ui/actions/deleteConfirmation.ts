// Deleting rows selected together (the same image on three clouds): which rows, and the ONE modal
// confirmation that lists them. No `vscode` here (unit-tested); serverActions.ts asks and deletes.

export interface DeleteRow {
  /** `cloud/region`. */
  where: string;
  name: string;
  id: string;
}

export type DeleteKind = 'server' | 'image';

const CONSEQUENCE: Record<DeleteKind, [one: string, many: string]> = {
  server: ['Floating IPs that OpenStack Clouds created for it are released too.', 'Floating IPs that OpenStack Clouds created for them are released too.'],
  image: ['Servers booted from it keep running.', 'Servers booted from them keep running.'],
};

/** Rows listed in the detail; more are counted (a modal cannot scroll). */
const LISTED = 15;

/**
 * The rows a delete command acts on: VS Code passes the clicked row and, when several are
 * selected, all of them (the clicked one among them). Rows of another kind are left out; the
 * same row twice counts once.
 */
export function rowsToDelete<T extends { id: string }>(clicked: unknown, selection: unknown, isKind: (row: unknown) => row is T): T[] {
  const chosen = Array.isArray(selection) && selection.includes(clicked) ? selection : [clicked];
  const rows = chosen.filter(isKind);
  return rows.filter((r, i) => rows.findIndex((o) => o.id === r.id) === i);
}

export function deleteConfirmation(kind: DeleteKind, rows: readonly DeleteRow[]): { message: string; detail: string } {
  if (rows.length === 1) {
    const [r] = rows;
    return { message: `Delete ${kind} "${r!.name}" on ${r!.where}?`, detail: `${CONSEQUENCE[kind][0]} ID ${r!.id}. This cannot be undone.` };
  }
  const names = [...new Set(rows.map((r) => r.name))];
  const clouds = new Set(rows.map((r) => r.where)).size;
  const sameOnEach = names.length === 1 && clouds === rows.length;
  const message = sameOnEach ? `Delete ${kind} "${names[0]}" on ${clouds} clouds?` : `Delete ${rows.length} ${kind}s?`;
  const listed = rows.slice(0, LISTED).map((r) => `${sameOnEach ? r.where : `"${r.name}" on ${r.where}`} (ID ${r.id})`);
  if (rows.length > LISTED) listed.push(`and ${rows.length - LISTED} more`);
  return { message, detail: [...listed, '', `${CONSEQUENCE[kind][1]} This cannot be undone.`].join('\n') };
}
