// Which clouds cannot resolve at all for lack of a secret (an application credential without its
// secret fails in openstacksdk too), and where such a secret would be sent: a secret the user
// gives is bound to that cloud's auth_url and user. No `vscode` here (unit-tested).
import { resolveClouds, type CloudRegion, type LoadedConfig, type ResolvedConfig } from '../../config/index';

/** Stands in for a secret while finding out where (auth_url, user) a cloud would send it. */
const PLACEHOLDER = '\u0000placeholder';

/** The region a cloud would have with this secret: what a secret for it is bound to. */
export function regionNeedingSecret(loaded: LoadedConfig, cloud: string, key: string): CloudRegion | undefined {
  return resolveClouds(loaded, { secrets: { [cloud]: { [key]: PLACEHOLDER } } }).regions.find((r) => r.name === cloud);
}

/** Clouds that do not resolve only for lack of a secret, with the secrets they lack. */
export function cloudsLackingSecrets(resolved: ResolvedConfig): { cloud: string; keys: string[] }[] {
  return resolved.clouds.flatMap((c) => {
    const errors = c.problems.filter((p) => p.severity === 'error');
    if (c.status !== 'error' || !errors.length || !errors.every((p) => p.data?.secret === true && typeof p.data.key === 'string')) return [];
    return [{ cloud: c.name, keys: [...new Set(errors.map((p) => p.data!.key as string))] }];
  });
}
