// An authenticated connection to one cloud region: transport + token (cached in memory, renewed
// 120 s before expiry, renewed once after a 401) + service endpoints from the catalog. The token
// goes only to origins the auth_url, the catalog or an endpoint override name (http/origins.ts).
import { CloudSettings, serviceTypes, type CloudRegion } from './cloudRegion';
import { Transport, type HttpRequest, type HttpResponse } from './http/transport';
import type { ProxySettings } from './http/proxySettings';
import { OpenStackError, safeUrl } from './errors';
import { resolveBodyUrl, TokenOrigins } from './http/origins';
import { withDefaults, type Limits } from './http/limits';
import { RequestRate } from './requestRate';
import { identityEndpoint, requestToken, type IdentityEndpoint } from './identity/authenticate';
import { canReauthenticate, needsPasscode, needsPassword, type Credentials } from './identity/authRequest';
import { regionsOffering, selectEndpoint } from './identity/catalog';
import { isFresh, type AuthToken } from './identity/token';
import { hasVersionInPath, joinUrl, parseVersions, pickVersion } from './identity/versionDiscovery';

export interface SessionHooks {
  /** Asked when clouds.yaml has no password; the UI may use SecretStorage. Undefined = give up. */
  askPassword?: (cloud: CloudSettings) => Promise<string | undefined>;
  /** Asked for a TOTP passcode each time a token is needed. */
  askPasscode?: (cloud: CloudSettings) => Promise<string | undefined>;
}

export interface SessionOptions {
  hooks?: SessionHooks;
  proxy?: ProxySettings;
  log?: (line: string) => void;
  /** Warnings (a link to another origin rebased); default: `log` with a `warning:` prefix. */
  warn?: (line: string) => void;
  connections?: number;
  /** Caps on listings and answer sizes; unset ones take DEFAULT_LIMITS. */
  limits?: Partial<Limits>;
}

export type ServiceRequest = Omit<HttpRequest, 'url' | 'service'> & {
  service: string;
  /** Path below the service's versioned endpoint, or an absolute URL. */
  path: string;
};

/** Default major version (and path) for services whose catalog URL may be unversioned. */
const DEFAULT_VERSION: Record<string, { major: number; path: string }> = {
  image: { major: 2, path: 'v2' },
  network: { major: 2, path: 'v2.0' },
  compute: { major: 2, path: 'v2.1' },
};

export class Session {
  readonly settings: CloudSettings;
  readonly transport: Transport;
  private cachedToken?: AuthToken;
  private pendingToken?: Promise<AuthToken>;
  private identity?: IdentityEndpoint;
  private readonly endpoints = new Map<string, Promise<string>>();
  private promptedPassword?: string;
  /** Passcodes given for this session: secrets too, short as they are. */
  private readonly passcodes: string[] = [];
  /** Where the token may go: the auth_url, every catalog this session got, endpoint overrides. */
  private readonly allowedOrigins = new TokenOrigins();
  private readonly warned = new Set<string>();
  readonly limits: Limits;
  /** Rate limits in force, newest last (two fleets on one cloud may overlap); the newest applies. */
  private readonly rates: RequestRate[] = [];

  constructor(readonly region: CloudRegion, private readonly options: SessionOptions = {}) {
    this.settings = new CloudSettings(region);
    this.limits = withDefaults(options.limits);
    this.allowedOrigins.add(String(this.settings.auth.auth_url ?? '').trim());
    this.transport = new Transport({
      cloud: this.settings.cloud,
      region: this.settings.regionName || undefined,
      tls: this.settings.tls(),
      timeoutMs: this.settings.apiTimeoutMs(),
      proxy: options.proxy,
      connections: options.connections,
      secrets: () => this.secrets(),
      log: options.log,
      warn: options.warn,
      mayCarryToken: (url) => this.mayCarryToken(url),
      limits: this.limits,
    });
  }

  get label(): string { return this.settings.label; }

  secrets(): string[] {
    const list = this.settings.secrets();
    if (this.promptedPassword) list.push(this.promptedPassword);
    list.push(...this.passcodes);
    if (this.cachedToken) list.push(this.cachedToken.value);
    return list;
  }

  /** A token valid for at least 120 more seconds; concurrent callers share one request. */
  async token(signal?: AbortSignal): Promise<AuthToken> {
    if (this.cachedToken && isFresh(this.cachedToken)) return this.cachedToken;
    if (this.cachedToken && !canReauthenticate(this.settings.authType) && this.cachedToken.expiresAt > Date.now()) return this.cachedToken;
    this.pendingToken ??= this.authenticate(signal).finally(() => (this.pendingToken = undefined));
    return this.pendingToken;
  }

  invalidateToken(): void {
    this.cachedToken = undefined;
  }

  private async authenticate(signal?: AbortSignal): Promise<AuthToken> {
    const creds: Credentials = {};
    const auth = this.settings.auth;
    if (needsPassword(this.settings.authType, auth)) {
      this.promptedPassword ??= await this.options.hooks?.askPassword?.(this.settings);
      if (!this.promptedPassword) throw this.configError('no password in clouds.yaml and none was given');
      creds.password = this.promptedPassword;
    }
    if (needsPasscode(this.settings.authType, auth)) {
      creds.passcode = await this.options.hooks?.askPasscode?.(this.settings);
      if (!creds.passcode) throw this.configError('a TOTP passcode is needed and none was given');
      this.passcodes.push(creds.passcode);
    }
    this.identity ??= await identityEndpoint(this.transport, this.settings, signal);
    try {
      this.allowedOrigins.add(this.identity.base);
      this.cachedToken = await requestToken(this.transport, this.settings, this.identity, creds, signal);
      for (const service of this.cachedToken.catalog) for (const ep of service.endpoints) this.allowedOrigins.add(ep.url);
    } catch (e) {
      // A wrong prompted password must be asked again next time, not reused.
      if (e instanceof OpenStackError && e.kind === 'auth') this.promptedPassword = undefined;
      throw e;
    }
    return this.cachedToken;
  }

  /** The versioned base URL of a service (endpoint override, else the catalog). */
  endpoint(serviceType: string, signal?: AbortSignal): Promise<string> {
    let pending = this.endpoints.get(serviceType);
    if (!pending) {
      pending = this.resolveEndpoint(serviceType, signal);
      pending.catch(() => this.endpoints.delete(serviceType));
      this.endpoints.set(serviceType, pending);
    }
    return pending;
  }

  private async resolveEndpoint(serviceType: string, signal?: AbortSignal): Promise<string> {
    const override = this.settings.endpointOverride(serviceType);
    let url = override;
    const token = await this.token(signal);
    if (!url) {
      const types = serviceTypes(this.settings.serviceTypeFor(serviceType));
      url = selectEndpoint(token.catalog, {
        types,
        interfaces: this.settings.interfaceFor(serviceType),
        region: this.settings.regionFor(serviceType),
        serviceName: this.settings.serviceNameFor(serviceType),
      });
      if (!url) {
        const offered = regionsOffering(token.catalog, types);
        const hint = offered.length ? ` (the catalog offers it in: ${offered.join(', ')})` : ' (not in the catalog at all)';
        throw new OpenStackError(`no ${serviceType} endpoint for interface ${this.settings.interfaceFor(serviceType).join('/')} in region '${this.settings.regionFor(serviceType)}'${hint}`, {
          cloud: this.settings.cloud, region: this.settings.regionName, service: serviceType, kind: 'config',
        });
      }
    }
    url = url.replace(/\$\(project_id\)s|%\(project_id\)s/g, token.projectId ?? '').replace(/\/+$/, '');
    this.allowedOrigins.add(url);
    const defaults = DEFAULT_VERSION[serviceType];
    if (!defaults || hasVersionInPath(url)) return url;
    return this.discoverVersion(serviceType, url, defaults, signal);
  }

  private async discoverVersion(serviceType: string, url: string, defaults: { major: number; path: string }, signal?: AbortSignal): Promise<string> {
    const wanted = Number(this.settings.serviceSetting(serviceType, 'api_version'));
    const major = Number.isFinite(wanted) && wanted > 0 ? Math.floor(wanted) : defaults.major;
    try {
      const { body } = await this.transport.json<unknown>({ service: serviceType, method: 'GET', url: url + '/', expect: [200, 300], signal, attempts: 2 });
      const version = pickVersion(parseVersions(body), major);
      if (version) return (version.url ? this.resolveLinkOn(serviceType, version.url, url) : joinUrl(url, `v${version.major}`)).replace(/\/+$/, '');
    } catch (e) {
      if (e instanceof OpenStackError && e.kind === 'cancelled') throw e;
    }
    return joinUrl(url, major === defaults.major ? defaults.path : `v${major}`);
  }

  /** An authenticated request; after a 401 the token is renewed and the request sent once more. */
  async request(req: ServiceRequest): Promise<HttpResponse> {
    return this.authorized(req, (r) => this.transport.request(r));
  }

  async json<T>(req: ServiceRequest): Promise<T> {
    return (await this.authorized(req, (r) => this.transport.json<T>(r))).body;
  }

  /** Like json() but also returns the response (headers, status). */
  async jsonWithResponse<T>(req: ServiceRequest): Promise<{ status: number; body: T; response: HttpResponse }> {
    return this.authorized(req, (r) => this.transport.json<T>(r));
  }

  /**
   * The URL to request for a link a response body of `service` gave (a `next` page, an image
   * location, a console URL): relative links resolved on the service endpoint, links to another
   * origin rebased onto it, with a warning. Never follow a body URL without it.
   */
  async resolveLink(service: string, href: string, signal?: AbortSignal): Promise<string> {
    return this.resolveLinkOn(service, href, await this.endpoint(service, signal));
  }

  private resolveLinkOn(service: string, href: string, endpoint: string): string {
    let resolved;
    try {
      resolved = resolveBodyUrl(href, endpoint);
    } catch {
      throw new OpenStackError(`${service} answered a link that is not a URL`, { cloud: this.settings.cloud, region: this.settings.regionName, service, kind: 'http' });
    }
    const foreign = new URL(href, endpoint).origin;
    if (resolved.rebased && !this.warned.has(`${service} ${foreign}`)) {
      this.warned.add(`${service} ${foreign}`);
      this.transport.warn(`${this.label}: ${service} answered a link to ${safeUrl(href)}, not on its endpoint's origin; followed on ${new URL(endpoint).origin} instead (as ${safeUrl(resolved.url)}), without sending the token there`);
    }
    return resolved.url;
  }

  /** Whether the token may go to `url`: the auth_url's origin, the catalog's, resolved endpoints'. */
  mayCarryToken(url: string): boolean {
    return this.allowedOrigins.allows(url);
  }

  async url(service: string, path: string, signal?: AbortSignal): Promise<string> {
    if (/^https?:\/\//.test(path)) return path;
    return joinUrl(await this.endpoint(service, signal), path);
  }

  /**
   * At most `perSecond` requests a second to this cloud from now on (undefined: no limit); returns
   * what takes this limit away again. Each service request takes its turn once, before it is sent.
   */
  limitRate(perSecond: number | undefined): () => void {
    if (!perSecond) return () => undefined;
    const mine = new RequestRate(perSecond);
    this.rates.push(mine);
    // Removes this limit only: one of two overlapping fleets ending leaves the other's in force.
    return () => {
      const at = this.rates.indexOf(mine);
      if (at >= 0) this.rates.splice(at, 1);
    };
  }

  private async authorized<R>(req: ServiceRequest, send: (r: HttpRequest) => Promise<R>): Promise<R> {
    await this.rates.at(-1)?.turn(req.signal);
    const url = await this.url(req.service, req.path, req.signal);
    const replayable = req.body === undefined || typeof req.body !== 'object' || req.body instanceof Uint8Array || typeof req.body === 'function';
    for (let attempt = 0; ; attempt++) {
      const token = await this.token(req.signal);
      try {
        return await send({ ...req, url, headers: { ...req.headers, 'x-auth-token': token.value } });
      } catch (e) {
        const retry = attempt === 0 && e instanceof OpenStackError && e.status === 401 && replayable && canReauthenticate(this.settings.authType);
        if (!retry) throw e;
        if (this.cachedToken === token) this.invalidateToken();
      }
    }
  }

  private configError(summary: string): OpenStackError {
    return new OpenStackError(summary, { cloud: this.settings.cloud, region: this.settings.regionName, service: 'identity', kind: 'config' });
  }

  async close(): Promise<void> {
    await this.transport.close();
  }
}
