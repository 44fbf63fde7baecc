// The service catalog in one shape for Keystone v3 and v2.0, and endpoint selection by service
// type (+ aliases), interface, region and service name (KS-EP-1, KS-EP-2).

export interface CatalogEndpoint {
  interface: string;
  region: string;
  url: string;
}

export interface CatalogService {
  type: string;
  name?: string;
  endpoints: CatalogEndpoint[];
}

interface V3Entry { type: string; name?: string; endpoints?: { interface: string; region?: string; region_id?: string; url: string }[] }
interface V2Entry { type: string; name?: string; endpoints?: Record<string, string>[] }

export function catalogFromV3(entries: V3Entry[] | undefined): CatalogService[] {
  return (entries ?? []).map((e) => ({
    type: e.type,
    name: e.name,
    endpoints: (e.endpoints ?? []).map((ep) => ({ interface: ep.interface, region: ep.region_id ?? ep.region ?? '', url: ep.url })),
  }));
}

export function catalogFromV2(entries: V2Entry[] | undefined): CatalogService[] {
  return (entries ?? []).map((e) => ({
    type: e.type,
    name: e.name,
    endpoints: (e.endpoints ?? []).flatMap((ep) =>
      (['public', 'internal', 'admin'] as const)
        .filter((i) => ep[`${i}URL`])
        .map((i) => ({ interface: i, region: ep.region ?? '', url: ep[`${i}URL`] })),
    ),
  }));
}

export interface EndpointQuery {
  /** The service type first, then its aliases, in the order to try. */
  types: string[];
  interfaces: string[];
  /** Empty: any region (the first match, in catalog order). */
  region: string;
  serviceName?: string;
}

export function selectEndpoint(catalog: CatalogService[], query: EndpointQuery): string | undefined {
  for (const type of query.types) {
    const services = catalog.filter((s) => s.type === type && (!query.serviceName || s.name === query.serviceName));
    for (const iface of query.interfaces) {
      for (const service of services) {
        const ep = service.endpoints.find((e) => e.interface === iface && (!query.region || e.region === query.region));
        if (ep) return ep.url;
      }
    }
  }
  return undefined;
}

/** Regions that offer a service at all: for a helpful "not in region X, try Y" message. */
export function regionsOffering(catalog: CatalogService[], types: string[]): string[] {
  const regions = catalog.filter((s) => types.includes(s.type)).flatMap((s) => s.endpoints.map((e) => e.region));
  return [...new Set(regions)].filter(Boolean);
}

/** Every region the catalog's endpoints name (region_id, else region), in catalog order. */
export function catalogRegionNames(catalog: CatalogService[]): string[] {
  return [...new Set(catalog.flatMap((s) => s.endpoints.map((e) => e.region)))].filter(Boolean);
}
