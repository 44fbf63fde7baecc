// Live awareness: names of resources the explorer has already loaded for each cloud. The
// language service only reads this cache; it never asks a cloud for anything itself.
import type { ResourceKind } from './playbook/facts';

export type { ResourceKind };

export interface LiveResources {
  /**
   * Names (and IDs) of the cloud's resources of this kind as last loaded, or undefined when
   * they have not been loaded (then nothing is checked against them).
   */
  namesOf(cloud: string, kind: ResourceKind): readonly string[] | undefined;
  /**
   * Region names of the catalog a token brought in this window for the cloud region with this
   * `catalogKey` (extension/config/catalogKey.ts), or undefined when none was (nothing is checked).
   */
  catalogRegions?(key: string): readonly string[] | undefined;
  /** Every region the loaded catalogs of this cloud name, for completion; undefined when none is loaded. */
  catalogRegionsOfCloud?(cloud: string): readonly string[] | undefined;
  /** Changes whenever the names may have changed (part of the language service's cache key). */
  readonly generation?: number;
  /** Tells the editor adapter when loaded names changed, so open documents are checked again. */
  subscribe?(listener: () => void): { dispose(): void };
}

/** The provider used until the explorer caches resources: it knows nothing, so nothing is flagged. */
export const NO_LIVE_RESOURCES: LiveResources = { namesOf: () => undefined };

/** A fixed table, for tests and the CLI: `{ cloud: { image: [...], flavor: [...] } }`. */
export function staticLiveResources(table: Readonly<Record<string, Partial<Record<ResourceKind, readonly string[]>>>>): LiveResources {
  return { namesOf: (cloud, kind) => (Object.hasOwn(table, cloud) ? table[cloud]![kind] : undefined) };
}
