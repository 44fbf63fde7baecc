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
}

/** The provider used until the explorer caches resources: it knows nothing, so nothing is flagged. */
export const NO_LIVE_RESOURCES: LiveResources = { namesOf: () => undefined };

/** A fixed table, for tests and the CLI: `{ cloud: { image: [...], flavor: [...] } }`. */
export function staticLiveResources(table: Readonly<Record<string, Partial<Record<ResourceKind, readonly string[]>>>>): LiveResources {
  return { namesOf: (cloud, kind) => (Object.hasOwn(table, cloud) ? table[cloud]![kind] : undefined) };
}
