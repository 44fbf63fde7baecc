// Checks that need the resolved configuration (profile, secure.yaml and region values merged):
// V-9 (identity v3 names without their domain, for the generic plugins that do not fail at load
// time), V-10 (an application credential with a scope), our image_import_method beside
// image_api_use_tasks, and a region_name that is not one of the cloud's regions (those its
// `regions` or its profile list, or its catalog when a token brought one: catalogRegions.ts).
import type { Problem } from '../../yaml/problem';
import type { CloudPath } from '../issues';
import { BUILTIN_PROFILES, profileRegionNames } from '../profiles';
import { isDict, pyTruthy, type PyDict } from '../python';
import { locateInCloud, type ResolvedCloud, type ResolvedConfig } from '../resolve';
import { didYouMean } from '../../yaml/didYouMean';
import { APPCRED_SCOPE, appcredScopeSeverity } from './nodeChecks';
import { catalogRegionChecks, offeredRegions, type CatalogRegions } from './catalogRegions';


export function semanticChecks(resolved: ResolvedConfig, catalogOf?: CatalogRegions): Problem[] {
  const problems: Problem[] = [];
  for (const cloud of resolved.clouds) {
    if (cloud.definition.source === 'environment') continue;
    const at = (paths: CloudPath[]) => locateInCloud(resolved.loaded, cloud.definition, paths);
    const add = (paths: CloudPath[], p: Omit<Problem, 'file' | 'range'>) => problems.push({ ...at(paths), ...p, data: { cloud: cloud.name, ...p.data } });
    for (const region of cloud.regions) {
      const { auth, auth_type: authType } = region.config;
      const authUrl = typeof auth.auth_url === 'string' ? auth.auth_url : '';
      const v3 = String(region.config.identity_api_version ?? '').startsWith('3') || /\/v3\/?$/.test(authUrl);
      if ((authType === 'password' || authType === 'token') && v3 && !auth.default_domain_id && !auth.default_domain_name) {
        if (auth.username && !auth.user_domain_id && !auth.user_domain_name) {
          add([['auth', 'username'], ['username']], { severity: 'warning', code: 'V-9', message: `${cloud.name}: identity v3 needs the user's domain: add user_domain_name (or user_domain_id, or domain_name) next to username`, data: { missing: 'user_domain_name' } });
        }
        if (auth.project_name && !auth.project_domain_id && !auth.project_domain_name) {
          add([['auth', 'project_name'], ['project_name'], ['auth', 'tenant_name']], { severity: 'warning', code: 'V-9', message: `${cloud.name}: identity v3 needs the project's domain: add project_domain_name (or project_domain_id, or domain_name) next to project_name`, data: { missing: 'project_domain_name' } });
        }
      }
      const useTasks = region.config.image_api_use_tasks;
      if (region.config.image_import_method !== undefined && (useTasks === true || String(useTasks).toLowerCase() === 'true')) {
        add([['image_import_method'], ['image_api_use_tasks']], { severity: 'warning', code: 'conflicting-keys', message: `${cloud.name}: image_import_method (Glance's import) and image_api_use_tasks (Glance's task API) exclude each other: uploads to this cloud fail; keep one`, data: { keys: ['image_import_method', 'image_api_use_tasks'] } });
      }
      if (authType === 'v3applicationcredential') {
        for (const key of APPCRED_SCOPE.filter((k) => pyTruthy(auth[k]))) {
          const severity = appcredScopeSeverity(key, (k) => auth[k]);
          add([['auth', key], [key]], { severity, code: 'V-10', message: severity === 'error' ? `${cloud.name}: an application credential is already scoped: Keystone rejects ${key}; remove it` : `${cloud.name}: ${key} is ignored with an application credential (it is already scoped); it can go`, data: { key } });
        }
      }
    }
    // What the catalog offers beats what the profile says (a profile's list may be out of date).
    const offered = offeredRegions(cloud, catalogOf);
    problems.push(...regionNameChecks(resolved, cloud, offered === undefined), ...(offered ? catalogRegionChecks(resolved, cloud, offered) : []));
  }
  return problems;
}

function regionNameChecks(resolved: ResolvedConfig, cloud: ResolvedCloud, byProfile: boolean): Problem[] {
  const entry = resolved.loaded.cloudsData[cloud.name];
  if (!isDict(entry)) return [];
  const regionName = entry.region_name ?? entry['region-name'];
  if (typeof regionName !== 'string' || !regionName || regionName.includes(',')) return [];
  const problem = (code: string, message: string, regions: string[]): Problem => {
    const suggestion = didYouMean(regionName, regions);
    return {
      ...locateInCloud(resolved.loaded, cloud.definition, [['region_name'], ['region-name']], 'value'),
      severity: 'warning',
      code,
      message: `${cloud.name}: ${message}${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`,
      data: { cloud: cloud.name, regions, ...(suggestion ? { suggestion } : {}) },
    };
  };
  if (Array.isArray(entry.regions)) {
    const names = entry.regions.map((r) => (isDict(r) ? String(r.name ?? '') : String(r)));
    if (!names.includes(regionName)) return [problem('region-name-ignored', `region_name ${regionName} is ignored because regions is given, and it is not one of them (${names.join(', ')})`, names)];
    return [];
  }
  if (!byProfile) return [];
  const profile = profileOf(resolved, entry);
  const names = profile ? profileRegionNames(profile) : [];
  if (names.length > 1 && !names.includes(regionName)) {
    return [problem('unknown-region', `region ${regionName} is not one of the regions of its profile (${names.join(', ')}); region names are case-sensitive`, names)];
  }
  return [];
}

function profileOf(resolved: ResolvedConfig, entry: PyDict): PyDict | undefined {
  const name = entry.profile ?? entry.cloud;
  if (typeof name !== 'string') return undefined;
  const publicFile = resolved.loaded.files['clouds-public']?.data;
  const publicClouds = isDict(publicFile) ? publicFile['public-clouds'] : undefined;
  const fromPublic = isDict(publicClouds) ? publicClouds[name] : undefined;
  return isDict(fromPublic) ? fromPublic : BUILTIN_PROFILES[name];
}
