// What the explorer knows: one ResourceList per (cloud, region, kind), loaded when first asked
// for and kept until reset, all fetched through one session per cloud region. The tree, the
// actions' pickers and the language service's live awareness all read this one cache.
// No `vscode` here: sessions come from a SessionSource (ui/explorer/sessionPool.ts).
import type { CloudRegion } from '../../config/index';
import { isAbortError, type Session } from '../../openstack/index';
import { ResourceList } from './resourceList';
import { KINDS, type ListItems, type ListKind } from './resourceKinds';

export interface SessionSource {
  /** The region's session (one per region, shared); may ask the user for a missing password. */
  session(region: CloudRegion): Promise<Session>;
  /** True when the region's session can be had without asking the user anything. */
  ready(region: CloudRegion): boolean;
  /** Closes the sessions of a cloud (all clouds without a name): the next use authenticates again. */
  close(cloud?: string): void;
}

export interface ListChange {
  cloud: string;
  region: string;
  kind: ListKind;
}

/** `cloud/region` (or just `cloud` when it has no region name): how targets are named to the user. */
export function regionLabel(r: Pick<CloudRegion, 'name' | 'region_name'>): string {
  return r.region_name ? `${r.name}/${r.region_name}` : r.name;
}

export const DEFAULT_PAGE_SIZE = 100;

export class ExplorerModel {
  /** cloud -> region name -> kind -> list */
  private readonly lists = new Map<string, Map<string, Map<ListKind, ResourceList<unknown>>>>();
  private readonly listeners = new Set<(change: ListChange) => void>();

  /**
   * `onFailure`: told once per failed load (never for a cancelled one), so the log has the
   * details that the tree's error row only sums up.
   */
  constructor(
    private readonly sessions: SessionSource,
    private readonly pageSize: () => number = () => DEFAULT_PAGE_SIZE,
    private readonly onFailure: (where: ListChange, error: unknown) => void = () => undefined,
  ) {}

  list<K extends ListKind>(region: CloudRegion, kind: K): ResourceList<ListItems[K]> {
    const ofCloud = this.lists.get(region.name) ?? new Map<string, Map<ListKind, ResourceList<unknown>>>();
    this.lists.set(region.name, ofCloud);
    const ofRegion = ofCloud.get(region.region_name) ?? new Map<ListKind, ResourceList<unknown>>();
    ofCloud.set(region.region_name, ofRegion);
    let list = ofRegion.get(kind) as ResourceList<ListItems[K]> | undefined;
    if (!list) {
      const limit = Math.max(1, Math.floor(this.pageSize()));
      const spec = KINDS[kind];
      list = new ResourceList<ListItems[K]>(
        (signal) => this.pagesOf(region, kind, (s) => spec.pages(s, limit, signal) as AsyncIterator<ListItems[K][]>),
        limit,
        () => this.emit({ cloud: region.name, region: region.region_name, kind }),
      );
      ofRegion.set(kind, list as ResourceList<unknown>);
    }
    return list;
  }

  /** The list if it exists (no loading, no creation). */
  peek<K extends ListKind>(cloud: string, regionName: string, kind: K): ResourceList<ListItems[K]> | undefined {
    return this.lists.get(cloud)?.get(regionName)?.get(kind) as ResourceList<ListItems[K]> | undefined;
  }

  /** Every list of a cloud of this kind that exists, region by region. */
  listsOfCloud<K extends ListKind>(cloud: string, kind: K): ResourceList<ListItems[K]>[] {
    return [...(this.lists.get(cloud)?.values() ?? [])].map((m) => m.get(kind)).filter((l): l is ResourceList<ListItems[K]> => !!l) as ResourceList<ListItems[K]>[];
  }

  /** Loads these lists of a region in the background, only if that needs no question to the user. */
  loadQuietly(region: CloudRegion, kinds: readonly ListKind[]): boolean {
    if (!this.sessions.ready(region)) return false;
    for (const kind of kinds) void this.list(region, kind).ensureLoaded();
    return true;
  }

  /** Forgets one list (after an action changed it); the tree loads it again when shown. */
  resetList(cloud: string, regionName: string, kind: ListKind): void {
    this.peek(cloud, regionName, kind)?.reset();
  }

  /** Forgets a cloud's lists and closes its sessions (the inline refresh of a cloud). */
  resetCloud(cloud: string): void {
    for (const ofRegion of this.lists.get(cloud)?.values() ?? []) for (const list of ofRegion.values()) list.reset();
    this.lists.delete(cloud);
    this.sessions.close(cloud);
  }

  /** Forgets everything (the view's Refresh, a changed clouds.yaml). */
  resetAll(): void {
    for (const cloud of [...this.lists.keys()]) this.resetCloud(cloud);
    this.sessions.close();
  }

  onDidChange(listener: (change: ListChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private emit(change: ListChange): void {
    for (const l of this.listeners) l(change);
  }

  /** How many lists of a cloud hold a failure now (the cloud's row says so). */
  failedLists(cloud: string): number {
    return [...(this.lists.get(cloud)?.values() ?? [])].reduce((n, ofRegion) => n + [...ofRegion.values()].filter((l) => l.error && !l.loading).length, 0);
  }

  /** The session first (it may ask for a password), then the kind's pages. */
  private async *pagesOf<T>(region: CloudRegion, kind: ListKind, open: (s: Session) => AsyncIterator<T[]>): AsyncGenerator<T[]> {
    let iterator: AsyncIterator<T[]> | undefined;
    try {
      iterator = open(await this.sessions.session(region));
      for (;;) {
        const page = await iterator.next();
        if (page.done) return;
        yield page.value;
      }
    } catch (e) {
      if (!isAbortError(e)) this.onFailure({ cloud: region.name, region: region.region_name, kind }, e);
      throw e;
    } finally {
      await iterator?.return?.(undefined);
    }
  }
}
