// From a LoadedConfig to one CloudRegion per (cloud, region), as openstacksdk's `get_all()` /
// `get_one()` give them, with every exception and warning of openstacksdk turned into a located
// Problem. One bad cloud (or region) never hides the others.
import { deref, getEntry, keyNodeAt, mapEntries, nodeAt, type MapEntry } from '../yaml/positionedYaml';
import { ZERO_RANGE, type Problem } from '../yaml/problem';
import { asIssue, ConfigIssue, IssueLog, ProfileNotFetched, type CloudPath } from './issues';
import type { CloudDefinition, LoadedConfig, SourceFile } from './load';
import { getOne } from './getOne';
import { getRegions, isRemoteProfileName, type CloudMemo, type SdkState } from './openstackConfig';
import { sharedRemoteProfiles, type FetchOptions, type RemoteProfileCache } from './profiles';
import { copyDict, isDict, mergeClouds, pyStr, toJsonValue, type PyValue } from './python';
import type { CloudConfig, CloudRegion } from './types';

export interface ResolvedCloud {
  name: string;
  definition: CloudDefinition;
  /** The regions that resolved without error, in order. */
  regions: CloudRegion[];
  /** This cloud's problems (errors, warnings), located. */
  problems: Problem[];
  /** `ok`; `error` when no region resolved; `profile-not-fetched` while a remote profile is pending. */
  status: 'ok' | 'error' | 'profile-not-fetched';
  /** The remote profile this cloud waits for (status `profile-not-fetched`). */
  pendingProfile?: { name: string; url: string };
}

export interface ResolvedConfig {
  loaded: LoadedConfig;
  clouds: ResolvedCloud[];
  /** Every usable CloudRegion, cloud by cloud (what the OpenStack client core consumes). */
  regions: CloudRegion[];
  /** The load problems and every cloud's problems. */
  problems: Problem[];
}

export interface ResolveOptions {
  /** Where fetched remote profiles are kept; default the process-wide cache. */
  profiles?: RemoteProfileCache;
  /** Only this cloud (error `cloud-not-found` if it does not exist). */
  cloud?: string;
  /** Only this region (as `get_one(cloud, region_name=R)`; error `invalid-region` if unknown). */
  region?: string;
  /**
   * Secrets kept outside the files (VS Code SecretStorage), per cloud: auth option -> value. They
   * fill in only what clouds.yaml/secure.yaml leave unset, as if a secure.yaml below both held them.
   */
  secrets?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** openstacksdk's state for resolving: the merged clouds (with secrets from outside the files below them). */
export function sdkStateOf(loaded: LoadedConfig, profiles: RemoteProfileCache = sharedRemoteProfiles, secrets?: ResolveOptions['secrets']): SdkState {
  let clouds = loaded.cloudsData;
  if (secrets && Object.keys(secrets).length) {
    clouds = copyDict(clouds);
    for (const [name, values] of Object.entries(secrets)) {
      const entry = clouds[name];
      if (isDict(entry)) clouds[name] = mergeClouds({ auth: { ...values } }, entry);
    }
  }
  return { clouds, envvarKey: loaded.envvarKey, forceIpv4: loaded.forceIpv4, publicFile: loaded.files['clouds-public']?.data, profiles };
}

/** Resolves every cloud (or the one asked for). Pure and synchronous: no file or network access. */
export function resolveClouds(loaded: LoadedConfig, options: ResolveOptions = {}): ResolvedConfig {
  const state = sdkStateOf(loaded, options.profiles ?? sharedRemoteProfiles, options.secrets);
  const problems = [...loaded.problems];
  let definitions = loaded.clouds;
  if (options.cloud !== undefined) {
    definitions = definitions.filter((d) => d.name === options.cloud);
    if (definitions.length === 0) {
      const file = loaded.files.clouds?.path ?? '';
      problems.push({ file, range: ZERO_RANGE, severity: 'error', code: 'cloud-not-found', message: `Cloud ${options.cloud} was not found.`, data: { cloud: options.cloud, clouds: loaded.clouds.map((c) => c.name) } });
    }
  }
  const clouds = definitions.map((d) => resolveCloud(loaded, state, d, options.region));
  for (const c of clouds) problems.push(...c.problems);
  return { loaded, clouds, regions: clouds.flatMap((c) => c.regions), problems };
}

function resolveCloud(loaded: LoadedConfig, state: SdkState, definition: CloudDefinition, onlyRegion: string | undefined): ResolvedCloud {
  const log = new IssueLog();
  const errors: ConfigIssue[] = [];
  const regions: CloudRegion[] = [];
  let pending: ProfileNotFetched | undefined;
  const attempt = (fn: () => void, paths: CloudPath[] = []) => {
    try {
      fn();
    } catch (e) {
      const issue = asIssue(e, paths);
      if (issue instanceof ProfileNotFetched) pending = issue;
      else errors.push(issue, ...issue.related);
    }
  };
  const name = definition.name;
  const memo: CloudMemo = {};
  attempt(() => {
    const wanted = onlyRegion === undefined ? getRegions(state, name, log, memo).map((r) => r.name) : [onlyRegion];
    for (const regionName of wanted) {
      attempt(() => regions.push(cloudRegion(state, name, regionName, log, memo)), []);
      if (pending) break; // every region would wait for the same profile
    }
  });
  const issues = pending ? [pending, ...log.warnings] : [...errors, ...log.warnings];
  const problems = dedupe(issues.map((i) => locate(loaded, definition, i)));
  const status = pending ? 'profile-not-fetched' : regions.length === 0 ? 'error' : 'ok';
  return { name, definition, regions: pending ? [] : regions, problems, status, ...(pending ? { pendingProfile: { name: pending.profileName, url: pending.url } } : {}) };
}

function cloudRegion(state: SdkState, name: string, regionName: PyValue, log: IssueLog, memo: CloudMemo): CloudRegion {
  const { config, forceIpv4, missingSecrets } = getOne(state, name, regionName, log, memo);
  const json = toJsonValue(config) as CloudConfig;
  return { name, region_name: pyStr(json.region_name ?? ''), config: json, force_ipv4: forceIpv4, missing_secrets: missingSecrets };
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.code}|${p.message}|${p.file}|${p.range.start.line}|${p.range.start.character}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Points an issue at the most specific place that exists. */
function locate(loaded: LoadedConfig, definition: CloudDefinition, issue: ConfigIssue): Problem {
  const data = { cloud: definition.name, ...issue.data };
  const where = locateInCloud(loaded, definition, issue.paths);
  const message = definition.source === 'environment' ? `${definition.name} (from OS_* variables): ${issue.message}` : `${definition.name}: ${issue.message}`;
  return { ...where, severity: issue.severity, code: issue.code, message, data };
}

/**
 * The file and range of the first of `paths` (inside the cloud's entry) that exists: secure.yaml
 * first (its values win), then clouds.yaml; else the cloud's name. A path ending in a key points
 * at the key (at its value with `at: 'value'`), one ending in an index at the item.
 */
export function locateInCloud(loaded: LoadedConfig, definition: CloudDefinition, paths: readonly CloudPath[], at: 'key' | 'value' = 'key'): Pick<Problem, 'file' | 'range'> {
  if (definition.source === 'environment') return { file: '', range: ZERO_RANGE };
  const files = [loaded.files.secure, loaded.files.clouds].filter((f) => f !== undefined);
  for (const path of paths) {
    for (const file of files) {
      const entry = cloudEntry(file, definition.name);
      if (!entry) continue;
      const node = path.length === 0 ? entry.keyNode : typeof path[path.length - 1] === 'string' && at === 'key' ? keyNodeAt(entry.value, path) : nodeAt(entry.value, path);
      if (node) return { file: file.path, range: file.yaml.lines.range(node.start, node.end) };
    }
  }
  return { file: definition.file, range: definition.range };
}

/** The entries under `clouds:` of a file, indexed once (a lookup per problem would be quadratic). */
const cloudIndex = new WeakMap<SourceFile, Map<string, MapEntry>>();

function cloudEntry(file: SourceFile, name: string): MapEntry | undefined {
  let index = cloudIndex.get(file);
  if (!index) {
    const clouds = deref(getEntry(file.yaml.documents[0]?.root ?? undefined, 'clouds')?.value);
    index = new Map(clouds?.kind === 'map' ? mapEntries(clouds).map((e) => [e.key, e]) : []);
    cloudIndex.set(file, index);
  }
  return index.get(name);
}

/** The remote profile names the clouds refer to (directly or through a built-in profile) that are not fetched yet. */
export function pendingRemoteProfiles(resolved: ResolvedConfig): string[] {
  return [...new Set(resolved.clouds.flatMap((c) => (c.pendingProfile ? [c.pendingProfile.name] : [])))];
}

/**
 * Fetches the remote profiles the clouds wait for (CFG-PROF-2/3), then resolves again. Only a
 * caller that wants network access calls this (never activation or plain load). A profile that
 * turns out to point at another remote profile is fetched in the next round (at most 3).
 */
export async function fetchRemoteProfilesAndResolve(loaded: LoadedConfig, options: ResolveOptions & FetchOptions = {}): Promise<ResolvedConfig> {
  const profiles = options.profiles ?? sharedRemoteProfiles;
  let resolved = resolveClouds(loaded, options);
  for (let round = 0; round < 3; round++) {
    const names = pendingRemoteProfiles(resolved).filter(isRemoteProfileName);
    if (names.length === 0 || options.signal?.aborted) break;
    await profiles.fetch(names, options);
    resolved = resolveClouds(loaded, options);
  }
  return resolved;
}

export function isProblemOfCloud(p: Problem, cloud: string): boolean {
  return isDict(p.data as PyValue) && p.data?.cloud === cloud;
}
