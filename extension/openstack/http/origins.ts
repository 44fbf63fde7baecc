// Where the token may go, and how a URL that a response body names is made safe to follow.
//
// The token goes only to origins (scheme, host, port) that the auth_url, the catalog or the
// user's endpoint overrides name. A URL from a response body (a paging link, a version
// discovery `self` link, an image location, a console URL) may name any origin: a proxy that
// rewrites nothing, or a hostile server, can point it anywhere. Such a URL is rebased onto the
// endpoint it came from, keeping its path and query, as keystoneauth does with discovery links
// (discover.py `_combine_relative_url`): scheme and host:port always come from the endpoint.

/** `scheme://host:port` of a URL (default ports left out, as URL.origin does); undefined if not a URL. */
export function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The origins a session's token may be sent to. */
export class TokenOrigins {
  private readonly origins = new Set<string>();

  add(url: string | undefined): void {
    const origin = url ? originOf(url) : undefined;
    if (origin) this.origins.add(origin);
  }

  allows(url: string): boolean {
    const origin = originOf(url);
    return origin !== undefined && this.origins.has(origin);
  }
}

const segments = (path: string) => path.split('/').filter(Boolean);

/**
 * `url`'s path and query on `endpoint`'s origin. The path is aligned with the endpoint's: kept
 * when it is already below the endpoint path; joined where the endpoint path ends the way it
 * starts (`/v2.1/servers` on `https://cloud/compute/v2.1` → `/compute/v2.1/servers`); else put
 * below the endpoint path (`/v3/` on `https://cloud/identity` → `/identity/v3/`, keystoneauth's rule).
 */
export function rebaseOntoEndpoint(url: string, endpoint: string): string {
  const from = new URL(url);
  const base = new URL(endpoint);
  base.pathname = alignPath(base.pathname, from.pathname) ?? joinPaths(base.pathname, from.pathname);
  base.search = from.search;
  base.hash = '';
  return base.toString();
}

/** The endpoint path joined with `path` where they overlap, or undefined when they do not. */
function alignPath(endpointPath: string, path: string): string | undefined {
  const ep = segments(endpointPath);
  const p = segments(path);
  const join = (rest: string[]) => (rest.length ? '/' + [...ep, ...rest].join('/') + (path.endsWith('/') ? '/' : '') : endpointPath);
  if (ep.every((s, i) => p[i] === s)) return join(p.slice(ep.length));
  for (let k = Math.min(ep.length, p.length); k > 0; k--) {
    if (ep.slice(ep.length - k).every((s, i) => p[i] === s)) return join(p.slice(k));
  }
  return undefined;
}

function joinPaths(endpointPath: string, path: string): string {
  return endpointPath.replace(/\/+$/, '') + '/' + path.replace(/^\/+/, '');
}

export interface BodyUrl {
  url: string;
  /** True when the body named another origin than the endpoint's: worth a warning. */
  rebased: boolean;
}

/**
 * The URL to request for a link a response body gave, relative to the endpoint it came from.
 * Same origin: as given. A path (`/v2/images?marker=x`, glance's habit): aligned with the
 * endpoint path. Another origin (or a scheme-relative `//host` link): rebased onto the endpoint.
 */
export function resolveBodyUrl(href: string, endpoint: string): BodyUrl {
  const base = endpoint.replace(/\/+$/, '') + '/';
  const absolute = new URL(href, base);
  const endpointOrigin = new URL(endpoint).origin;
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(href)) {
    if (absolute.origin === endpointOrigin && (absolute.protocol === 'http:' || absolute.protocol === 'https:')) return { url: absolute.toString(), rebased: false };
    return { url: rebaseOntoEndpoint(absolute.toString(), endpoint), rebased: true };
  }
  if (href.startsWith('/')) {
    const aligned = alignPath(new URL(endpoint).pathname, absolute.pathname);
    if (aligned) absolute.pathname = aligned;
  }
  return { url: absolute.toString(), rebased: false };
}
