// One cloud of a clouds.yaml with all its traffic through fault proxies. Keystone gets a
// proxy, named as auth_url in a derived clouds.yaml; the catalog in the token responses
// that pass through it is rewritten so that every endpoint origin points at a proxy of
// its own (started on first sight). The client under test thus does its real work:
// authentication, catalog and region selection, re-authentication after a 401; nothing
// in the derived clouds.yaml overrides an endpoint.
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { FaultProxy } from './faultProxy';

interface Endpoint { url?: string; region?: string; region_id?: string; interface?: string; publicURL?: string; internalURL?: string; adminURL?: string }
interface CatalogEntry { type: string; endpoints: Endpoint[] }

const CATALOG_PATHS = /^\/v3\/auth\/(tokens|catalog)(\?|$)|^\/v2\.0\/tokens(\?|$)/;

export class ProxiedCloud {
  /** original origin (http://127.0.0.1:9292) → its proxy */
  readonly proxies = new Map<string, FaultProxy>();
  private readonly byService = new Map<string, FaultProxy>();
  private starting = new Map<string, Promise<FaultProxy>>();

  private constructor(readonly name: string, readonly cloudsYaml: string, readonly identity: FaultProxy) {}

  /** Writes `dir`/clouds.yaml holding only `cloud`, its auth_url through a new keystone proxy. */
  static async start(cloudsYaml: string, cloud: string, dir: string): Promise<ProxiedCloud> {
    const doc = yaml.load(fs.readFileSync(cloudsYaml, 'utf8')) as { clouds?: Record<string, { auth?: { auth_url?: string } }> };
    const entry = structuredClone(doc.clouds?.[cloud]);
    const authUrl = entry?.auth?.auth_url;
    if (!entry?.auth || !authUrl) throw new Error(`${cloudsYaml}: cloud ${cloud} has no auth.auth_url`);
    const identity = await FaultProxy.start(authUrl);
    entry.auth.auth_url = identity.urlFor(authUrl);
    fs.mkdirSync(dir, { recursive: true });
    const derived = path.join(dir, 'clouds.yaml');
    fs.writeFileSync(derived, yaml.dump({ clouds: { [cloud]: entry } }), { mode: 0o600 });
    const proxied = new ProxiedCloud(cloud, derived, identity);
    proxied.proxies.set(new URL(authUrl).origin, identity);
    identity.rewriteJson({ path: CATALOG_PATHS }, (body) => proxied.rewriteCatalog(body));
    return proxied;
  }

  /** The proxy in front of a service's endpoint, known once a token passed through the proxy. */
  service(type: string, region = 'RegionOne', iface = 'public'): FaultProxy {
    const proxy = this.byService.get(`${type}|${region}|${iface}`);
    if (!proxy) throw new Error(`no ${iface} ${type} endpoint in ${region} seen yet: authenticate through ${this.identity.url} first`);
    return proxy;
  }

  /** Every proxy of this cloud, keystone's included. */
  all(): FaultProxy[] {
    return [...this.proxies.values()];
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((p) => p.close()));
  }

  private proxyFor(origin: string): Promise<FaultProxy> {
    const have = this.proxies.get(origin);
    if (have) return Promise.resolve(have);
    let starting = this.starting.get(origin);
    if (!starting) {
      starting = FaultProxy.start(origin).then((p) => { this.proxies.set(origin, p); return p; });
      this.starting.set(origin, starting);
    }
    return starting;
  }

  private async rewriteCatalog(body: unknown): Promise<unknown> {
    const b = body as { token?: { catalog?: CatalogEntry[] }; catalog?: CatalogEntry[]; access?: { serviceCatalog?: CatalogEntry[] } };
    const catalog = b.token?.catalog ?? b.catalog ?? b.access?.serviceCatalog ?? [];
    for (const entry of catalog) {
      for (const e of entry.endpoints ?? []) {
        const region = e.region_id ?? e.region ?? '';
        if (e.url) e.url = await this.rewrite(entry.type, region, e.interface ?? 'public', e.url);
        for (const [key, iface] of [['publicURL', 'public'], ['internalURL', 'internal'], ['adminURL', 'admin']] as const) {
          const url = e[key];
          if (url) e[key] = await this.rewrite(entry.type, region, iface, url);
        }
      }
    }
    return body;
  }

  private async rewrite(type: string, region: string, iface: string, url: string): Promise<string> {
    const origin = new URL(url).origin;
    // a service that names itself from the Host header already points at its proxy
    const own = this.all().find((p) => p.url === origin);
    const proxy = own ?? await this.proxyFor(origin);
    this.byService.set(`${type}|${region}|${iface}`, proxy);
    return proxy.url + url.slice(origin.length);
  }
}
