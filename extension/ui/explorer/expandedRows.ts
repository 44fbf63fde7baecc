// Which rows of the Clouds view the user has expanded, by their stable ids, so that a tree made
// again (clouds.yaml saved, Refresh, a secret entered) comes back expanded where it was instead of
// collapsed: VS Code only keeps the state of rows it still knows. No `vscode` here (unit-tested).

/** Rows remembered at most (ids of rows long gone are forgotten first). */
const MAX_REMEMBERED = 500;

export class ExpandedRows {
  private readonly ids = new Set<string>();

  expanded(id: string | undefined): void {
    if (!id) return;
    this.ids.delete(id);
    this.ids.add(id);
    if (this.ids.size > MAX_REMEMBERED) this.ids.delete(this.ids.values().next().value!);
  }

  collapsed(id: string | undefined): void {
    if (id) this.ids.delete(id);
  }

  isExpanded(id: string): boolean {
    return this.ids.has(id);
  }
}
