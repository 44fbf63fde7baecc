// Getting a token: choose the identity version (pinned, from the URL, or discovered), send the
// token request, parse token and catalog. Failures name the cloud and never carry the password.
import type { CloudSettings } from '../cloudRegion';
import type { Transport } from '../http/transport';
import { OpenStackError } from '../errors';
import { hasDomainOption, pinnedVersion, v2TokenRequest, v3TokenRequest, type Credentials, type IdentityVersion } from './authRequest';
import { tokenFromV2, tokenFromV3, type AuthToken } from './token';
import { joinUrl, parseVersions } from './versionDiscovery';
import { resolveBodyUrl } from '../http/origins';
import { safeUrl } from '../errors';

export interface IdentityEndpoint {
  version: IdentityVersion;
  /** Versioned base, e.g. https://keystone:5000/v3 */
  base: string;
}

function versionFromPath(url: string): IdentityVersion | undefined {
  const path = new URL(url).pathname.replace(/\/+$/, '');
  if (/\/v3$/.test(path)) return 'v3';
  if (/\/v2\.0$/.test(path)) return 'v2.0';
  return undefined;
}

export async function identityEndpoint(transport: Transport, settings: CloudSettings, signal?: AbortSignal): Promise<IdentityEndpoint> {
  const authUrl = String(settings.auth.auth_url ?? '').trim();
  if (!authUrl) throw new OpenStackError('auth_url is not set in clouds.yaml', { cloud: settings.cloud, region: settings.regionName, kind: 'config' });
  const fromPath = versionFromPath(authUrl);
  if (fromPath) return { version: fromPath, base: authUrl.replace(/\/+$/, '') };
  const wanted = settings.identityApiVersion();
  const pinned: IdentityVersion | undefined = wanted ? (wanted.startsWith('3') ? 'v3' : 'v2.0') : pinnedVersion(settings.authType);
  if (pinned) return { version: pinned, base: joinUrl(authUrl, pinned) };
  try {
    const { body } = await transport.json<unknown>({ service: 'identity', method: 'GET', url: authUrl, expect: [200, 300], signal });
    const versions = parseVersions(body);
    const v3 = versions.find((v) => v.major === 3);
    const v2 = versions.find((v) => v.major === 2);
    const chosen = v3 && (hasDomainOption(settings.auth) || !v2) ? v3 : v2 ?? v3;
    if (chosen) return { version: chosen.major === 3 ? 'v3' : 'v2.0', base: (chosen.url ? selfLink(transport, chosen.url, authUrl) : joinUrl(authUrl, chosen.major === 3 ? 'v3' : 'v2.0')).replace(/\/+$/, '') };
  } catch (e) {
    if (e instanceof OpenStackError && e.kind === 'cancelled') throw e;
    // Discovery failed: keystoneauth then falls back on the URL path; ours has none, so try v3.
  }
  return { version: 'v3', base: joinUrl(authUrl, 'v3') };
}

/** A discovery `self` link on the auth_url's origin: the credentials go nowhere else. */
function selfLink(transport: Transport, href: string, authUrl: string): string {
  const { url, rebased } = resolveBodyUrl(href, authUrl);
  if (rebased) transport.warn(`identity discovery named ${safeUrl(href)}, not on the auth_url's origin; using ${safeUrl(url)} instead`);
  return url;
}

export async function requestToken(transport: Transport, settings: CloudSettings, endpoint: IdentityEndpoint, creds: Credentials, signal?: AbortSignal): Promise<AuthToken> {
  const v3 = endpoint.version === 'v3';
  const url = joinUrl(endpoint.base, v3 ? 'auth/tokens' : 'tokens');
  const json = v3 ? v3TokenRequest(settings.authType, settings.auth, creds) : v2TokenRequest(settings.authType, settings.auth, creds);
  let result;
  try {
    result = await transport.json<Record<string, unknown>>({ service: 'identity', method: 'POST', url, json, signal, idempotent: true });
  } catch (e) {
    if (e instanceof OpenStackError && e.status === 401) {
      throw new OpenStackError('authentication failed: check the credentials in clouds.yaml', {
        cloud: settings.cloud, region: settings.regionName, service: 'identity', method: 'POST', url, status: 401, fault: e.fault, requestId: e.requestId, kind: 'auth', secrets: transport.secrets(),
      });
    }
    throw e;
  }
  const date = result.response.header('date');
  const token = v3 ? tokenFromV3(result.response.header('x-subject-token'), result.body, date) : tokenFromV2(result.body, date);
  if (!token) throw new OpenStackError('identity answered without a token', { cloud: settings.cloud, region: settings.regionName, service: 'identity', method: 'POST', url, kind: 'auth' });
  if (token.catalog.length === 0) {
    throw new OpenStackError('the token has an empty service catalog: set project_name (or project_id) so the token is project-scoped', {
      cloud: settings.cloud, region: settings.regionName, service: 'identity', kind: 'auth',
    });
  }
  return token;
}
