// Live awareness for the language service, over the explorer's cache: the names of a cloud's
// images, flavors, networks and key pairs as already loaded. Reading never sends a request; a
// cloud a playbook names whose lists are not loaded yet is loaded once, in the background, and
// only when that needs no question to the user (no prompt for a password while typing).
import type { LiveResources, ResourceKind } from '../../language/liveResources';
import type { CloudRegion } from '../../config/index';
import type { ExplorerModel } from './explorerModel';
import { KINDS, LIST_OF_RESOURCE } from './resourceKinds';
import type { CatalogRegionStore } from './catalogRegions';

export interface LiveResourcesOptions {
  /** The usable regions of a cloud (first = the one openstacksdk's get_one picks), or undefined if unknown. */
  regionsOf(cloud: string): readonly CloudRegion[] | undefined;
  /** False in Restricted Mode or when the setting is off: nothing is loaded for the language service. */
  mayLoad(): boolean;
  /** The regions of the catalogs tokens brought (region_name checks and completion in clouds.yaml). */
  catalogs?: CatalogRegionStore;
}

export class ExplorerLiveResources implements LiveResources {
  /** Changes whenever a list the language service may read changes (part of its cache key). */
  generation = 0;
  private readonly requested = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private readonly subscription: { dispose(): void };

  constructor(private readonly model: ExplorerModel, private readonly options: LiveResourcesOptions) {
    const lists = model.onDidChange((change) => {
      if (['images', 'flavors', 'networks', 'keypairs'].includes(change.kind)) this.changed();
    });
    const catalogs = options.catalogs?.onDidChange(() => this.changed());
    this.subscription = { dispose: () => [lists, catalogs].forEach((d) => d?.dispose()) };
  }

  catalogRegions(key: string): readonly string[] | undefined {
    return this.options.catalogs?.regionsOf(key);
  }

  catalogRegionsOfCloud(cloud: string): readonly string[] | undefined {
    return this.options.catalogs?.regionsOfCloud(cloud);
  }

  /** Something the answers depend on changed: documents are checked again. */
  changed(): void {
    this.generation++;
    for (const l of this.listeners) l();
  }

  namesOf(cloud: string, kind: ResourceKind): readonly string[] | undefined {
    const listKind = LIST_OF_RESOURCE[kind];
    const complete = this.model.listsOfCloud(cloud, listKind).filter((l) => l.complete);
    if (!complete.length) {
      this.loadOnce(cloud);
      return undefined;
    }
    const spec = KINDS[listKind];
    const names = new Set<string>();
    for (const list of complete) for (const item of list.items) for (const n of (spec.names as (i: unknown) => string[])(item)) if (n) names.add(n);
    return [...names];
  }

  /** Called when the lists the language service reads change (to validate open playbooks again). */
  subscribe(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** A fresh configuration or a full refresh: clouds may be loaded in the background once more. */
  forgetRequests(): void {
    this.requested.clear();
    this.changed(); // what was loaded is gone: documents are checked against nothing until it is back
  }

  dispose(): void {
    this.subscription.dispose();
    this.listeners.clear();
  }

  private loadOnce(cloud: string): void {
    if (this.requested.has(cloud) || !this.options.mayLoad()) return;
    const region = this.options.regionsOf(cloud)?.[0];
    if (!region) return;
    this.requested.add(cloud);
    this.model.loadQuietly(region, ['images', 'flavors', 'networks', 'keypairs']);
  }
}
