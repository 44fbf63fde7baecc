// A port of Debian openstacksdk 0.101.0 `openstack/config/loader.py` (OpenStackConfig): vendor
// profile expansion, region lists and the base config of a cloud (getOne.ts builds on these).
// Functions throw a ConfigIssue where openstacksdk raises, and log the warnings it would print.
import defaultsData from './data/defaults.json';
import { ConfigIssue, ProfileNotFetched, type CloudPath, type IssueLog } from './issues';
import { builtinProfileNames, profileUrlParts, type RemoteProfileCache } from './profiles';
import { didYouMean } from '../yaml/didYouMean';
import { copyDict, deepCopy, isDict, normalizeKeys, pyStr, pyTruthy, pyTypeName, type PyDict, type PyValue } from './python';

/** openstacksdk's defaults (defaults.json + the Python-level ones), CFG §1.11. */
export const SDK_DEFAULTS: Readonly<PyDict> = defaultsData.defaults as PyDict;

export interface SdkState {
  /** `cloud_config['clouds']`: clouds.yaml deep-merged with secure.yaml, plus the envvars cloud. */
  clouds: PyDict;
  envvarKey: string;
  /** The global IPv4 preference (client section, OS_FORCE_IPV4, OS_PREFER_IPV6). */
  forceIpv4: boolean;
  /** The parsed clouds-public file, if any. */
  publicFile: PyValue | undefined;
  profiles: RemoteProfileCache;
}

export interface RegionEntry {
  name: PyValue;
  values: PyValue;
  /** Where the region came from in the cloud entry, to point at it. */
  path: CloudPath;
}

/**
 * What does not depend on the region, computed once per cloud (openstacksdk recomputes it for
 * every region; the result is the same, only slower). Errors are kept and thrown again.
 */
export interface CloudMemo {
  knownRegions?: { value?: RegionEntry[] | undefined; error?: unknown };
  base?: { value?: PyDict; error?: unknown };
  template?: { value?: unknown; error?: unknown };
}

export function memoized<T>(slot: { value?: T; error?: unknown } | undefined, store: (s: { value?: T; error?: unknown }) => void, compute: () => T): T {
  if (slot) {
    if ('error' in slot) throw slot.error;
    return slot.value as T;
  }
  try {
    const value = compute();
    store({ value });
    return value;
  } catch (error) {
    store({ error });
    throw error;
  }
}

/** `_auth_update`: like dict.update, except that `auth` is merged one level deep. Mutates `old`. */
export function authUpdate(old: PyDict, source: PyValue | undefined, where: CloudPath = []): PyDict {
  if (!isDict(source)) throw new ConfigIssue('invalid-type', `expected a mapping, found ${pyTypeName(source)}`, 'error', [where]);
  for (const [k, v] of Object.entries(deepCopy(source))) {
    if (k !== 'auth') {
      old[k] = v;
      continue;
    }
    if (!isDict(v)) throw new ConfigIssue('invalid-type', `auth must be a mapping, not ${pyTypeName(v)}`, 'error', [[...where, 'auth']]);
    if ('auth' in old) {
      if (!isDict(old.auth)) throw new ConfigIssue('invalid-type', `auth must be a mapping, not ${pyTypeName(old.auth)}`, 'error', [[...where, 'auth']]);
      Object.assign(old.auth, v);
    } else {
      old.auth = { ...v };
    }
  }
  return old;
}

function ourCloud(state: SdkState, name: string): PyValue {
  return Object.hasOwn(state.clouds, name) ? state.clouds[name]! : {};
}

function cloudDict(state: SdkState, name: string): PyDict {
  const cloud = ourCloud(state, name);
  if (!isDict(cloud)) throw new ConfigIssue('invalid-type', `the cloud ${name} must be a mapping of settings, not ${pyTypeName(cloud)}`, 'error', [[]]);
  return cloud;
}

/** `_expand_vendor_profile`: merges the profile named by `profile` (or legacy `cloud`) into `cloud`. */
export function expandVendorProfile(state: SdkState, name: string, cloud: PyDict, our: PyDict, log: IssueLog): void {
  const profileName = 'profile' in our ? our.profile : 'cloud' in our ? our.cloud : null;
  if (!pyTruthy(profileName) || profileName === state.envvarKey) return;
  if ('cloud' in our) {
    log.warn(new ConfigIssue('V-6', "the keyword 'cloud' to reference a vendor profile is deprecated: use 'profile'", 'warning', [['cloud']], { replacement: 'profile' }));
  }
  const where = 'profile' in our ? ['profile'] : ['cloud'];
  if (typeof profileName !== 'string') throw new ConfigIssue('invalid-type', `${where[0]} must be a profile name or URL, not ${pyStr(profileName)}`, 'error', [where]);
  const publicClouds = isDict(state.publicFile) ? state.publicFile['public-clouds'] : undefined;
  if (isDict(publicClouds) && Object.hasOwn(publicClouds, profileName)) {
    authUpdate(cloud, publicClouds[profileName], where);
    return;
  }
  let profile = lookupProfile(state, profileName);
  if (!profile || Object.keys(profile).length === 0) {
    const known = [...builtinProfileNames(), ...(isDict(publicClouds) ? Object.keys(publicClouds) : [])];
    const suggestion = didYouMean(profileName, known);
    const hint = suggestion ? ` (did you mean '${suggestion}'?)` : isRemoteProfileName(profileName) ? '' : ` (known profiles: ${known.join(', ')})`;
    log.warn(new ConfigIssue('V-6', `Couldn't find the vendor profile '${profileName}', for the cloud '${name}'${hint}`, 'warning', [where], { profile: profileName, known, ...(suggestion ? { suggestion } : {}) }));
    return;
  }
  const nested = profile.profile;
  delete profile.profile;
  if (pyTruthy(nested)) {
    const nestedProfile = typeof nested === 'string' ? lookupProfile(state, nested) : undefined;
    if (nestedProfile && Object.keys(nestedProfile).length) profile = nestedProfile;
  }
  const status = 'status' in profile ? profile.status : 'active';
  const message = 'message' in profile ? profile.message : '';
  delete profile.status;
  delete profile.message;
  if (status === 'deprecated') log.warn(new ConfigIssue('V-6', `${profileName} is deprecated: ${pyStr(message)}`, 'warning', [where]));
  if (status === 'shutdown') throw new ConfigIssue('V-5', `${profileName} references a cloud that no longer exists: ${pyStr(message)}`, 'error', [where]);
  authUpdate(cloud, profile, where);
}

function lookupProfile(state: SdkState, name: string): PyDict | undefined {
  const found = state.profiles.lookup(name);
  switch (found.kind) {
    case 'found':
      return found.profile;
    case 'unknown':
      return undefined;
    case 'not-fetched':
      throw new ProfileNotFetched(name, found.url);
    case 'failed':
      throw new ConfigIssue('remote-profile-failed', found.message, 'error', [['profile'], ['cloud']], { profile: name, url: found.url });
  }
}

/** Python `for region in regions`: lists item by item, strings character by character, dicts by key. */
function iterate(value: PyValue | undefined, where: CloudPath): PyValue[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [...value];
  if (isDict(value)) return Object.keys(value);
  throw new ConfigIssue('invalid-type', `regions must be a list, not ${pyTypeName(value)}`, 'error', [where]);
}

/** `_expand_regions` (CFG-REG-1). */
function expandRegions(regions: PyValue | undefined, where: CloudPath): RegionEntry[] {
  return iterate(regions, where).map((region, i) => {
    if (!isDict(region)) return { name: region, values: {}, path: [...where, i] };
    const keys = Object.keys(region);
    if (!('name' in region) || keys.some((k) => k !== 'name' && k !== 'values')) {
      throw new ConfigIssue('V-3', `Invalid region entry: a region is a name or a mapping with 'name' and optional 'values' (found keys: ${keys.join(', ') || 'none'})`, 'error', [[...where, i]]);
    }
    return { name: region.name!, values: 'values' in region ? deepCopy(region.values!) : {}, path: [...where, i] };
  });
}

/** `_get_known_regions`: the cloud's regions, its region_name list, or its profile's regions. */
export function getKnownRegions(state: SdkState, name: string, log: IssueLog, memo: CloudMemo = {}): RegionEntry[] | undefined {
  return memoized(memo.knownRegions, (s) => (memo.knownRegions = s), () => knownRegions(state, name, log));
}

function knownRegions(state: SdkState, name: string, log: IssueLog): RegionEntry[] | undefined {
  const config = normalizeKeys(cloudDict(state, name));
  if ('regions' in config) return expandRegions(config.regions, ['regions']);
  if ('region_name' in config) {
    const value = config.region_name;
    let names: PyValue[];
    if (Array.isArray(value)) names = value;
    else if (typeof value === 'string') names = value.split(',');
    else throw new ConfigIssue('invalid-type', `region_name must be a string or a list, not ${pyStr(value)}`, 'error', [['region_name']]);
    if (names.length > 1 && !Array.isArray(value)) {
      log.warn(new ConfigIssue('V-8', 'Comma separated lists in region_name are deprecated: use a YAML list under regions', 'warning', [['region_name']]));
    }
    return expandRegions(names, ['region_name']);
  }
  const fromProfile: PyDict = {};
  expandVendorProfile(state, name, fromProfile, cloudDict(state, name), log);
  if (pyTruthy(fromProfile.regions)) return expandRegions(fromProfile.regions, ['profile']).map((r) => ({ ...r, path: ['profile'] }));
  if (pyTruthy(fromProfile.region_name)) return [{ name: fromProfile.region_name!, values: {}, path: ['profile'] }];
  return undefined;
}

/** `_get_regions` (what `get_all` iterates): never empty. */
export function getRegions(state: SdkState, name: string, log: IssueLog, memo: CloudMemo = {}): RegionEntry[] {
  if (!Object.hasOwn(state.clouds, name)) return [{ name: '', values: {}, path: [] }];
  const regions = getKnownRegions(state, name, log, memo);
  return regions && regions.length ? regions : [{ name: '', values: {}, path: [] }];
}

/** Python `==` between a region name and a requested one (1 == True, '1' != 1). */
function pyEquals(a: PyValue, b: PyValue): boolean {
  const n = (v: PyValue) => (typeof v === 'boolean' ? Number(v) : v);
  return n(a) === n(b);
}

/** `_get_region` (CFG-REG-4). */
export function getRegion(state: SdkState, name: string, regionName: PyValue, log: IssueLog, memo: CloudMemo = {}): RegionEntry {
  const wanted = regionName ?? '';
  const regions = getKnownRegions(state, name, log, memo);
  if (!regions || regions.length === 0) return { name: wanted, values: {}, path: [] };
  if (!pyTruthy(wanted)) return regions[0]!;
  const found = regions.find((r) => pyEquals(r.name, wanted));
  if (found) return found;
  const list = regions.map((r) => pyStr(r.name)).join(',');
  throw new ConfigIssue('invalid-region', `Region ${pyStr(wanted)} is not a valid region name for cloud ${name}. Valid choices are ${list}. Please note that region names are case sensitive.`, 'error', [['regions'], ['region_name']], { regions: regions.map((r) => pyStr(r.name)) });
}

/** `_get_base_cloud_config`: defaults, then the profile, then the cloud entry. */
export function baseCloudConfig(state: SdkState, name: string, log: IssueLog): PyDict {
  const our = cloudDict(state, name);
  const cloud = copyDict(SDK_DEFAULTS);
  expandVendorProfile(state, name, cloud, our, log);
  if (!('auth' in cloud)) cloud.auth = {};
  authUpdate(cloud, our);
  return 'cloud' in cloud ? copyDict(cloud, 'cloud') : cloud;
}

/** Whether a profile name is a URL (a remote profile, CFG-PROF-2). */
export function isRemoteProfileName(name: PyValue | undefined): name is string {
  return typeof name === 'string' && profileUrlParts(name) !== undefined;
}
