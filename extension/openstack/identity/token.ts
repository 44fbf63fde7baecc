// A token and its catalog, from a Keystone v3 or v2.0 response, with a clock-skew tolerant expiry.
import { catalogFromV2, catalogFromV3, type CatalogService } from './catalog';
import type { IdentityVersion } from './authRequest';

export interface AuthToken {
  value: string;
  /** Local clock time (ms) at which the token expires, corrected by the server's Date header. */
  expiresAt: number;
  catalog: CatalogService[];
  projectId?: string;
  userId?: string;
  version: IdentityVersion;
}

/** keystoneauth's MIN_TOKEN_LIFE_SECONDS: renew a token before it has less than this left. */
export const REFRESH_MARGIN_MS = 120_000;

export function isFresh(token: AuthToken | undefined, now = Date.now()): boolean {
  return !!token && token.expiresAt - now > REFRESH_MARGIN_MS;
}

function localExpiry(expires: string | undefined, serverDate: string | undefined, now: number): number {
  const at = expires ? Date.parse(expires.endsWith('Z') || /[+-]\d\d:?\d\d$/.test(expires) ? expires : `${expires}Z`) : NaN;
  if (!Number.isFinite(at)) return now + 3600_000;
  const server = serverDate ? Date.parse(serverDate) : NaN;
  const skew = Number.isFinite(server) ? now - server : 0;
  return at + skew;
}

interface V3Body { token?: { expires_at?: string; catalog?: Parameters<typeof catalogFromV3>[0]; project?: { id?: string }; user?: { id?: string } } }
interface V2Body { access?: { token?: { id?: string; expires?: string; tenant?: { id?: string } }; serviceCatalog?: Parameters<typeof catalogFromV2>[0]; user?: { id?: string } } }

export function tokenFromV3(subjectToken: string | undefined, body: V3Body, serverDate?: string, now = Date.now()): AuthToken | undefined {
  if (!subjectToken || !body.token) return undefined;
  return {
    value: subjectToken,
    expiresAt: localExpiry(body.token.expires_at, serverDate, now),
    catalog: catalogFromV3(body.token.catalog),
    projectId: body.token.project?.id,
    userId: body.token.user?.id,
    version: 'v3',
  };
}

export function tokenFromV2(body: V2Body, serverDate?: string, now = Date.now()): AuthToken | undefined {
  const access = body.access;
  if (!access?.token?.id) return undefined;
  return {
    value: access.token.id,
    expiresAt: localExpiry(access.token.expires, serverDate, now),
    catalog: catalogFromV2(access.serviceCatalog),
    projectId: access.token.tenant?.id,
    userId: access.user?.id,
    version: 'v2.0',
  };
}
