// One list of the explorer (a region's images, servers, ...): loaded a page at a time, kept
// until it is reset. Failures are kept as state (the tree shows them as a node), never thrown.
// No `vscode` here, so the paging and caching rules are unit-tested in plain Node.

export type PageSource<T> = (signal: AbortSignal) => AsyncIterator<T[]>;

export class ResourceList<T> {
  private itemsSoFar: T[] = [];
  private failure: Error | undefined;
  private iterator: AsyncIterator<T[]> | undefined;
  private finished = false;
  private started = false;
  private pending: Promise<void> | undefined;
  /** A reload in flight (see reload()): whoever asks for the list waits for it. */
  private reloading: Promise<void> | undefined;
  private controller = new AbortController();
  /** Changes on every reset and every page: a cheap "did anything change" stamp. */
  version = 0;

  /**
   * `pageSize`: what the source asks each API page for; a shorter page is the last one (an API
   * only says "no more" when asked for the page after the last).
   */
  constructor(private readonly source: PageSource<T>, private readonly pageSize: number, private readonly onChange: () => void = () => undefined) {}

  get items(): readonly T[] { return this.itemsSoFar; }
  get error(): Error | undefined { return this.failure; }
  /** The first page has been asked for and answered (with items or an error). */
  get loaded(): boolean { return this.started && !this.pending; }
  get loading(): boolean { return !!this.pending; }
  /** More pages may follow (a "Load more…" node). */
  get hasMore(): boolean { return this.started && !this.finished && !this.failure; }
  /** Every page is here and none failed: the list is the cloud's whole list. */
  get complete(): boolean { return this.started && this.finished && !this.failure && !this.pending; }

  /** The first page, once; concurrent callers share the request (and wait for a reload in flight). */
  ensureLoaded(): Promise<void> {
    if (this.started) return this.pending ?? this.reloading ?? Promise.resolve();
    this.started = true;
    return this.next();
  }

  /** The next page (after a failure, the list starts again from the first page). */
  loadMore(): Promise<void> {
    if (this.pending) return this.pending;
    if (this.failure) this.reset();
    if (!this.started) return this.ensureLoaded();
    if (this.finished) return Promise.resolve();
    return this.next();
  }

  /** Every page (for pickers that need the whole list); resolves with the items or rejects with the failure. */
  async loadAll(): Promise<readonly T[]> {
    if (this.failure && !this.pending) this.reset();
    await this.ensureLoaded();
    while (!this.failure && !this.finished) await this.loadMore();
    if (this.failure) throw this.failure;
    return this.itemsSoFar;
  }

  /**
   * Loads the first page again while the current items stay as they are, and puts the new page in
   * their place when it is here; the tree is told to render the list only then. VS Code forgets a
   * list's rows while it asks for them again, and a context-menu command on a row in that gap was
   * handed no row at all: with reload() the gap is no longer a network round trip. (Whoever asks
   * for the list meanwhile through ensureLoaded() waits for the new page.) A list not loaded yet,
   * failed or loading loads as after reset(); a reset or a page meanwhile wins.
   */
  reload(): Promise<void> {
    if (!this.started || this.failure || this.pending) {
      this.reset();
      return this.ensureLoaded();
    }
    if (this.reloading) return this.reloading;
    const fresh = new ResourceList(this.source, this.pageSize);
    const version = this.version;
    const reloading = fresh.ensureLoaded().then(() => {
      if (this.version !== version) {
        fresh.reset(); // this list changed meanwhile: the fresh page belongs to nobody
        return;
      }
      this.controller.abort();
      void this.iterator?.return?.(undefined)?.catch(() => undefined);
      ({ controller: this.controller, iterator: this.iterator, itemsSoFar: this.itemsSoFar, failure: this.failure, finished: this.finished } = fresh);
      this.version++;
      this.onChange();
    }).finally(() => {
      if (this.reloading === reloading) this.reloading = undefined;
    });
    this.reloading = reloading;
    return reloading;
  }

  /** Forgets everything and aborts a request in flight; the next use loads afresh. */
  reset(): void {
    this.controller.abort();
    this.controller = new AbortController();
    void this.iterator?.return?.(undefined)?.catch(() => undefined);
    this.iterator = undefined;
    this.itemsSoFar = [];
    this.failure = undefined;
    this.finished = false;
    this.started = false;
    this.pending = undefined;
    this.reloading = undefined;
    this.version++;
  }

  private next(): Promise<void> {
    const controller = this.controller;
    const step = (async () => {
      try {
        this.iterator ??= this.source(controller.signal);
        const page = await this.iterator.next();
        if (controller.signal.aborted) return;
        if (page.done) this.finished = true;
        else {
          this.itemsSoFar = [...this.itemsSoFar, ...page.value];
          if (page.value.length < this.pageSize) {
            this.finished = true;
            void this.iterator.return?.(undefined)?.catch(() => undefined);
          }
        }
      } catch (e) {
        if (controller.signal.aborted) return;
        this.failure = e instanceof Error ? e : new Error(String(e));
        this.iterator = undefined;
      }
    })();
    const tracked = step.finally(() => {
      if (controller !== this.controller) return; // reset meanwhile: this answer belongs to nobody
      this.pending = undefined;
      this.version++;
      this.onChange();
    });
    this.pending = tracked;
    return tracked;
  }
}
