// Region names checked against the catalog a token of this cloud brought (the explorer's, in this
// window): keystoneauth matches region_name exactly against the endpoints' region_id/region, so a
// region the catalog does not list finds no endpoint and every request to the cloud fails. Only
// when the catalog of every region of the cloud is known and lists regions: never from guesses.
import type { Problem } from '../../yaml/problem';
import { yamlString } from '../../yaml/emit';
import { didYouMean, editDistance } from '../../yaml/didYouMean';
import { catalogKey } from '../catalogKey';
import type { CloudPath } from '../issues';
import { isDict, type PyValue } from '../python';
import { locateInCloud, type ResolvedCloud, type ResolvedConfig } from '../resolve';

/** The region names of the catalog remembered under a `catalogKey`, or undefined when none was loaded. */
export type CatalogRegions = (key: string) => readonly string[] | undefined;

/** The regions the cloud's catalog offers, or undefined when that is not known for every region of it. */
export function offeredRegions(cloud: ResolvedCloud, catalogOf: CatalogRegions | undefined): readonly string[] | undefined {
  if (!catalogOf || !cloud.regions.length) return undefined;
  const lists = cloud.regions.map((r) => catalogOf(catalogKey(r)));
  if (lists.some((l) => l === undefined)) return undefined;
  const offered = [...new Set(lists.flatMap((l) => l!))].filter(Boolean);
  return offered.length ? offered : undefined;
}

/** The region names written in the cloud's entry, each with where it is (`regions` wins over region_name, as in openstacksdk). */
function writtenRegions(entry: Record<string, PyValue>): { name: string; path: CloudPath }[] {
  const listed = (items: PyValue[], key: string) => items.flatMap((item, i) => {
    const name = isDict(item) ? item.name : item;
    return typeof name === 'string' && name ? [{ name, path: isDict(item) ? [key, i, 'name'] : [key, i] }] : [];
  });
  if (Array.isArray(entry.regions)) return listed(entry.regions, 'regions');
  for (const key of ['region_name', 'region-name']) {
    const value = entry[key];
    if (Array.isArray(value)) return listed(value, key);
    // A comma-separated list is V-8's to report; its parts are not judged one by one.
    if (typeof value === 'string' && value && !value.includes(',')) return [{ name: value, path: [key] }];
  }
  return [];
}

export function catalogRegionChecks(resolved: ResolvedConfig, cloud: ResolvedCloud, offered: readonly string[]): Problem[] {
  const entry = resolved.loaded.cloudsData[cloud.name];
  if (!isDict(entry)) return [];
  return writtenRegions(entry).filter((w) => !offered.includes(w.name)).map(({ name, path }) => {
    const where = locateInCloud(resolved.loaded, cloud.definition, [path], 'value');
    const suggestion = didYouMean(name, offered);
    // Closest first: the quick fixes offer every region of the catalog.
    const byCloseness = [...offered].sort((a, b) => editDistance(name.toLowerCase(), a.toLowerCase()) - editDistance(name.toLowerCase(), b.toLowerCase()));
    const first = suggestion ?? byCloseness[0];
    const ordered = [...new Set([first!, ...byCloseness])];
    return {
      ...where,
      severity: 'warning',
      code: 'region-not-in-catalog',
      message: `${cloud.name}: region '${name}' is not in the cloud's catalog (it offers ${offered.join(', ')}): no endpoint of its services would be found${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
      data: {
        cloud: cloud.name,
        regions: offered,
        ...(suggestion ? { suggestion } : {}),
        fixes: ordered.map((r, i) => ({ title: `Change to '${r}'`, edits: [{ range: where.range, newText: yamlString(r) }], ...(i === 0 && suggestion ? { preferred: true } : {}) })),
      },
    };
  });
}
