// The regions of the service catalogs tokens brought in this window, kept by `catalogKey` (cloud,
// Keystone, project, user) so that the editor judges a region_name only by the catalog of the
// cloud as written. Kept after the session closes (a saved clouds.yaml closes sessions; the catalog
// stays what it was). No `vscode` here; the session pool records, the language service reads.
import { catalogKey, type CloudRegion } from '../../config/index';

/** A catalog is a cloud's response: what is kept of it is bounded. */
export const MAX_CATALOG_REGIONS = 200;
const MAX_REGION_NAME = 255;
const MAX_CATALOGS = 500;

export class CatalogRegionStore {
  private readonly byKey = new Map<string, { cloud: string; regions: readonly string[] }>();
  private readonly listeners = new Set<() => void>();

  /** A token of this cloud region brought a catalog whose endpoints name these regions. */
  record(region: Pick<CloudRegion, 'name' | 'config'>, regions: readonly string[]): void {
    const kept = [...new Set(regions.filter((r) => typeof r === 'string' && r.length > 0 && r.length <= MAX_REGION_NAME))].slice(0, MAX_CATALOG_REGIONS);
    const key = catalogKey(region);
    const before = this.byKey.get(key)?.regions;
    if (before && before.length === kept.length && before.every((r, i) => r === kept[i])) return;
    this.byKey.delete(key);
    if (this.byKey.size >= MAX_CATALOGS) this.byKey.delete(this.byKey.keys().next().value!);
    this.byKey.set(key, { cloud: region.name, regions: kept });
    for (const l of this.listeners) l();
  }

  /** The regions of the catalog remembered under this key, or undefined when no token brought one. */
  regionsOf(key: string): readonly string[] | undefined {
    return this.byKey.get(key)?.regions;
  }

  /** Every region any catalog of this cloud named (for completion, where a stale name costs nothing). */
  regionsOfCloud(cloud: string): readonly string[] | undefined {
    const lists = [...this.byKey.values()].filter((c) => c.cloud === cloud).map((c) => c.regions);
    return lists.length ? [...new Set(lists.flat())] : undefined;
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}
