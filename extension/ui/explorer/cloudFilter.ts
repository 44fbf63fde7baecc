// Which clouds and regions the Clouds view shows. What is kept is what the user hid (a cloud
// added to clouds.yaml later shows up), per workspace. A hidden cloud gets no node, so nothing
// below it ever asks for its session: hiding a cloud is how one keeps the view from logging in
// to it. No `vscode` here (unit-tested): the quick pick and workspaceState are in ui/cloudFilterCommands.ts.
import type { CloudRegion, ResolvedCloud } from '../../config/index';

export interface CloudFilter {
  /** Clouds hidden as a whole. */
  hiddenClouds: string[];
  /** Regions hidden in clouds that have several (`{ cloud, region }`). */
  hiddenRegions: { cloud: string; region: string }[];
}

export const NO_FILTER: CloudFilter = { hiddenClouds: [], hiddenRegions: [] };

type Cloud = Pick<ResolvedCloud, 'name'> & { regions: readonly Pick<CloudRegion, 'name' | 'region_name'>[] };

/** A stored value of any shape (an older version, a hand edit) read as a filter; nothing usable is no filter. */
export function readFilter(stored: unknown): CloudFilter {
  if (!stored || typeof stored !== 'object') return NO_FILTER;
  const s = stored as Record<string, unknown>;
  const clouds = Array.isArray(s.hiddenClouds) ? s.hiddenClouds.filter((c): c is string => typeof c === 'string') : [];
  const regions = Array.isArray(s.hiddenRegions)
    ? s.hiddenRegions.filter((r): r is { cloud: string; region: string } => !!r && typeof r === 'object' && typeof r.cloud === 'string' && typeof r.region === 'string')
      .map(({ cloud, region }) => ({ cloud, region }))
    : [];
  return { hiddenClouds: clouds, hiddenRegions: regions };
}

export function isCloudShown(filter: CloudFilter, cloud: string): boolean {
  return !filter.hiddenClouds.includes(cloud);
}

export function isRegionShown(filter: CloudFilter, region: Pick<CloudRegion, 'name' | 'region_name'>): boolean {
  return isCloudShown(filter, region.name) && !filter.hiddenRegions.some((r) => r.cloud === region.name && r.region === region.region_name);
}

/**
 * The regions a cloud picker offers: those the view shows. A wizard that offered a hidden cloud
 * (or preselected it as last time's choice) would log in to it once chosen.
 */
export function shownRegions<R extends Pick<CloudRegion, 'name' | 'region_name'>>(filter: CloudFilter, regions: readonly R[]): R[] {
  return regions.filter((r) => isRegionShown(filter, r));
}

/** The clouds the view shows, each with only its shown regions (a cloud of one region keeps it). */
export function shownClouds<C extends Cloud>(filter: CloudFilter, clouds: readonly C[]): C[] {
  return clouds.filter((c) => isCloudShown(filter, c.name)).flatMap((c) => {
    if (c.regions.length < 2) return [c];
    const regions = c.regions.filter((r) => isRegionShown(filter, r));
    return !regions.length ? [] : regions.length === c.regions.length ? [c] : [{ ...c, regions }];
  });
}

/** The view's description: "2 of 3 clouds", "3 of 3 clouds · 2 of 4 regions", or nothing when all show. */
export function filterDescription(filter: CloudFilter, clouds: readonly Cloud[]): string | undefined {
  const shown = shownClouds(filter, clouds);
  // Regions count only in clouds that have several (a cloud of one region is the cloud).
  const several = clouds.filter((c) => c.regions.length > 1 && isCloudShown(filter, c.name));
  const allRegions = several.reduce((n, c) => n + c.regions.length, 0);
  const shownRegions = several.reduce((n, c) => n + c.regions.filter((r) => isRegionShown(filter, r)).length, 0);
  if (shown.length === clouds.length && shownRegions === allRegions) return undefined;
  const parts = [`${shown.length} of ${clouds.length} ${clouds.length === 1 ? 'cloud' : 'clouds'}`];
  if (shownRegions !== allRegions) parts.push(`${shownRegions} of ${allRegions} regions`);
  return parts.join(' · ');
}

/** One row of the quick pick: a cloud of one region, or one region of a cloud with several. */
export interface FilterChoice {
  cloud: string;
  /** Set for a region of a cloud with several. */
  region?: string;
  picked: boolean;
}

export function filterChoices(filter: CloudFilter, clouds: readonly Cloud[]): FilterChoice[] {
  return clouds.flatMap((c) => (c.regions.length > 1
    ? c.regions.map((r) => ({ cloud: c.name, region: r.region_name, picked: isRegionShown(filter, r) }))
    : [{ cloud: c.name, picked: isCloudShown(filter, c.name) }]));
}

/**
 * The filter after the user picked `picked` among `clouds`' choices. A cloud with several regions
 * none of which is picked is hidden as a whole. What was hidden of clouds not listed now (a
 * cloud commented out for a while) is kept.
 */
export function filterFromPicks(previous: CloudFilter, clouds: readonly Cloud[], picked: readonly Pick<FilterChoice, 'cloud' | 'region'>[]): CloudFilter {
  const listed = new Set(clouds.map((c) => c.name));
  const isPicked = (cloud: string, region?: string) => picked.some((p) => p.cloud === cloud && (region === undefined || p.region === region));
  const hiddenClouds = previous.hiddenClouds.filter((c) => !listed.has(c));
  const hiddenRegions = previous.hiddenRegions.filter((r) => !listed.has(r.cloud));
  for (const c of clouds) {
    if (!isPicked(c.name)) {
      hiddenClouds.push(c.name);
      continue;
    }
    if (c.regions.length > 1) for (const r of c.regions) if (!isPicked(c.name, r.region_name)) hiddenRegions.push({ cloud: c.name, region: r.region_name });
  }
  return { hiddenClouds, hiddenRegions };
}

export function isFiltered(filter: CloudFilter): boolean {
  return filter.hiddenClouds.length > 0 || filter.hiddenRegions.length > 0;
}
