// Remote vendor profiles as the CLI fetches them: through SourceHttp (the CA bundle and the proxy
// the `openstack` client would use), each redirect judged by the guard, connections resolved
// through it. Profiles on loopback, link-local or private addresses are refused unless the user's
// own environment sets OPENSTACK_CLOUDS_ALLOW_PRIVATE_PROFILES=1 (the editor's equivalent is the
// machine-scoped openstack.remoteProfiles.allowPrivateAddresses): a workspace's clouds.yaml alone
// must not open the way to the machine's services or the LAN.
import { withSourceHttp } from '../baseImages/http';
import { fetchRemoteProfilesAndResolve, guardedLookup, type LoadedConfig, type ResolvedConfig, type ResolveOptions } from '../config/index';

export const ALLOW_PRIVATE_PROFILES = 'OPENSTACK_CLOUDS_ALLOW_PRIVATE_PROFILES';

export function fetchProfilesAndResolve(loaded: LoadedConfig, select: ResolveOptions, env: NodeJS.ProcessEnv): Promise<ResolvedConfig> {
  const allowPrivateAddresses = env[ALLOW_PRIVATE_PROFILES] === '1';
  return withSourceHttp({ lookup: allowPrivateAddresses ? undefined : guardedLookup() }, (http) =>
    fetchRemoteProfilesAndResolve(loaded, { ...select, timeoutMs: 10_000, allowPrivateAddresses, get: http.getOnce }));
}
