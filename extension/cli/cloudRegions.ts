// The cloud regions of clouds.yaml for the CLI, resolved by the config engine exactly as
// openstacksdk does (profiles, regions, secure.yaml, OS_* variables); remote profiles are fetched
// when a cloud needs one.
import os from 'node:os';
import { checkTlsFiles, loadCloudsConfig, resolveClouds, type CloudRegion } from '../config';
import { fetchProfilesAndResolve, privateProfilesAllowed } from '../openstack/remoteProfiles';
import type { Problem } from '../yaml/problem';

export interface LoadedRegions {
  file?: string;
  regions: CloudRegion[];
  /** Every cloud named in the files, resolved or not. */
  cloudNames: string[];
  /** Errors per cloud that did not resolve (shown when that cloud is asked for). */
  errors: Map<string, Problem[]>;
}

export async function loadCloudRegions(cloudsFile?: string): Promise<LoadedRegions> {
  const env = process.env;
  const loaded = await loadCloudsConfig({
    environment: { cwd: process.cwd(), env, home: env.HOME || os.homedir(), platform: process.platform },
    cloudsFile: cloudsFile ?? env.OPENSTACK_CLOUDS_FILE,
  });
  let resolved = resolveClouds(loaded);
  if (resolved.clouds.some((c) => c.status === 'profile-not-fetched')) resolved = await fetchProfilesAndResolve(loaded, { allowPrivateAddresses: privateProfilesAllowed(env) });
  resolved = checkTlsFiles(resolved);
  const errors = new Map<string, Problem[]>();
  for (const cloud of resolved.clouds) {
    const errs = cloud.problems.filter((p) => p.severity === 'error');
    if (cloud.status !== 'ok' && errs.length) errors.set(cloud.name, errs);
  }
  return { file: loaded.files.clouds?.path, regions: resolved.regions, cloudNames: resolved.clouds.map((c) => c.name), errors };
}
