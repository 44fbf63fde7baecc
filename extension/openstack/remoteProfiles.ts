// Remote vendor profiles as the CLI and the editor fetch them: through SourceHttp (the CA bundle
// and the proxy the `openstack` client would use), each redirect judged by the guard, direct
// connections resolved through it (DNS rebinding). Profiles on loopback, link-local or private
// addresses are refused unless the user's own setting allows them: the editor's machine-scoped
// openstack.remoteProfiles.allowPrivateAddresses, the CLI's OPENSTACK_CLOUDS_ALLOW_PRIVATE_PROFILES=1.
// A workspace's clouds.yaml alone must not open the way to the machine's services or the LAN.
import { withSourceHttp } from '../baseImages/http';
import { fetchRemoteProfilesAndResolve, guardedLookup, type LoadedConfig, type ResolvedConfig, type ResolveOptions } from '../config/index';
import type { ProxySettings } from './http/proxySettings';

export const ALLOW_PRIVATE_PROFILES = 'OPENSTACK_CLOUDS_ALLOW_PRIVATE_PROFILES';

export interface ProfileFetchOptions extends ResolveOptions {
  /** Only from the user's own settings or environment, never from a workspace. */
  allowPrivateAddresses: boolean;
  /** The editor's proxy; default: the environment's. */
  proxy?: ProxySettings;
  signal?: AbortSignal;
}

export function fetchProfilesAndResolve(loaded: LoadedConfig, { allowPrivateAddresses, proxy, signal, ...select }: ProfileFetchOptions): Promise<ResolvedConfig> {
  return withSourceHttp({ proxy, lookup: allowPrivateAddresses ? undefined : guardedLookup() }, (http) =>
    fetchRemoteProfilesAndResolve(loaded, { ...select, signal, timeoutMs: 10_000, allowPrivateAddresses, get: http.getOnce }));
}

/** The CLI's allowance: the user's environment. */
export function privateProfilesAllowed(env: NodeJS.ProcessEnv): boolean {
  return env[ALLOW_PRIVATE_PROFILES] === '1';
}
