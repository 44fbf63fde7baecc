// Holds back "this node changed" while VS Code is still asking for that node's children, and
// until the workbench has taken the answer in. Both were seen in the workbench:
// - During the fetch (UI test serverLifecycleFromTheTree, 3 runs of 4 without this): a change
//   event for a folder whose children request was still waiting for its list to load left the
//   folder expanded with NO rows, for good; a context-menu command then finds no row. VS Code's
//   extension host replaces its record of the node when it is changed and files the pending
//   answer's rows under the record it had when it asked (ExtHostTreeView fetchChildrenNodes).
// - Right after it (UI test readmeScreens, every run without the barrier): the folder's count,
//   known once its list loaded, redrawn at once. The extension host's refresh of a node forgets
//   the handles of its rows and counts on the workbench asking for them again; but the workbench
//   got our answer and that refresh in one go, reset its cache of the folder's rows before the
//   answer's continuation filled it again, and so showed those rows from its cache without
//   asking: rows whose context menu gives a command nothing ("it was given nothing") until the
//   list is loaded again. So the change waits for a round trip to the workbench (`barrier`),
//   sent once the answer has left: when it comes back, the workbench has the answer in place.
// So a change of a node whose children are being fetched, or were just given, is fired once
// that is over (several changes at most once).
// No `vscode` here (unit-tested); the tree provider uses it.

export class ChildrenGate<N> {
  /** Nodes whose children are being fetched or were just given, with how many such answers. */
  private readonly inFlight = new Map<N, number>();
  /** Nodes whose change waits for their answers to be taken in. */
  private readonly held = new Set<N>();
  /** The round trip the answers given since the last timer tick wait for. */
  private tick?: Promise<unknown>;

  /**
   * `barrier`: resolves (or fails) once the workbench has handled every message sent before it
   * was called; the tree provider runs a command of the workbench.
   */
  constructor(private readonly fire: (node: N) => void, private readonly barrier: () => PromiseLike<unknown> = () => Promise.resolve()) {}

  /** The children of `node` as `fetch` answers them; a change asked for meanwhile waits until they are taken in. */
  fetch<T>(node: N, children: T | Promise<T>): T | Promise<T> {
    this.inFlight.set(node, (this.inFlight.get(node) ?? 0) + 1);
    const done = () => {
      const left = (this.inFlight.get(node) ?? 1) - 1;
      if (left > 0) {
        this.inFlight.set(node, left);
        return;
      }
      this.inFlight.delete(node);
      if (this.held.delete(node)) this.changed(node);
    };
    const takenIn = () => this.takenIn().then(done, done);
    if (children instanceof Promise) children.then(takenIn, takenIn);
    else void takenIn();
    return children;
  }

  /**
   * A timer first: the extension host sends the answer after its own awaits, before the barrier.
   * Answers given before that timer fires share its one barrier (a refresh of many expanded
   * folders makes one round trip, not one each); a later answer waits for a barrier of its own.
   */
  private takenIn(): Promise<unknown> {
    this.tick ??= new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => {
      this.tick = undefined;
      return this.barrier();
    });
    return this.tick;
  }

  /** Fires the change now, or once the node's children have been given and taken in. */
  changed(node: N): void {
    if (this.inFlight.has(node)) this.held.add(node);
    else this.fire(node);
  }
}
