// openstacksdk `get_one(cloud, region_name=R)` (validate=True): the config of one CloudRegion.
// Everything but the region's name is the same for every region of a cloud that has no region
// `values`, so that part is computed once per cloud (a "template") and each such region only
// expands its templates; regions with values, and the odd cases where the shortcut could differ,
// take the full path. The differential test covers both paths. Regions of a cloud share nested
// values that do not differ between them (auth when its URL has no template, networks, ...):
// consumers treat a CloudRegion's config as read-only.
import { AUTH_PLUGINS, authFailures, findPlugin, loaderName, missingSecrets, moveAuthOptions } from './authPlugins';
import { ConfigIssue, type IssueLog } from './issues';
import { formatOrIssue, magicFixes } from './magicFixes';
import { authUpdate, baseCloudConfig, getRegion, memoized, type CloudMemo, type RegionEntry, type SdkState } from './openstackConfig';
import { copyDict, isDict, normalizeKeys, pyStr, pyTruthy, PyError, type PyDict, type PyValue } from './python';

export interface CloudRegionResult {
  config: PyDict;
  forceIpv4: boolean;
  /** Secret auth options the plugin needs that no file supplies (asked for, then passed as `secrets`). */
  missingSecrets: string[];
}

interface Template {
  /** The config as magic_fixes left it (what the auth_url template is expanded with). */
  stage1: PyDict;
  /** The config after normalisation and the auth plugin, before the per-region template expansion. */
  config: PyDict;
  /** The auth_url template as magic_fixes would format it, if there is one. */
  authUrl: string | undefined;
  /** Makes a copy of `config` in one allocation (an object literal with the template's keys). */
  clone: (config: PyDict) => PyDict;
  /** The keys whose values step 9 expands (strings with braces, except password), in order. */
  formatKeys: string[];
  missingSecrets: string[];
}

const PLACEHOLDER_REGION = '\u0000region\u0000';

export function getOne(state: SdkState, name: string, regionName: PyValue, log: IssueLog, memo: CloudMemo = {}): CloudRegionResult {
  const base = memoized(memo.base, (s) => (memo.base = s), () => baseCloudConfig(state, name, log));
  const region = getRegion(state, name, regionName, log, memo);
  if (isDict(region.values) && Object.keys(region.values).length === 0 && typeof region.name === 'string') {
    const template = memoized(memo.template as { value?: Template; error?: unknown } | undefined, (s) => (memo.template = s), () => buildTemplate(base, log));
    const fast = fromTemplate(state, template, region.name);
    if (fast) return fast;
  }
  const { config, missingSecrets } = prepare(base, region, log, true);
  return finish(state, config, missingSecrets);
}

/** Merge steps 4-8 of §1.4: region values, region_name, magic fixes, normalisation, auth plugin. */
function prepare(base: PyDict, region: RegionEntry, log: IssueLog, formatAuthUrl: boolean): { config: PyDict; stage1: PyDict; missingSecrets: string[] } {
  // Only the top level and `auth` are changed in place below; deeper values are replaced, never mutated.
  let config = copyDict(base, 'regions');
  config.auth = copyDict(base.auth as PyDict);
  if (!isDict(region.values)) throw new ConfigIssue('invalid-type', `the values of region ${pyStr(region.name)} must be a mapping`, 'error', [[...region.path, 'values'], region.path]);
  for (const source of [region.values, { region_name: region.name }]) {
    for (const [key, value] of Object.entries(source)) {
      if (value === null) continue;
      if (key === 'auth' && config.auth !== null) config.auth = authUpdate(config.auth as PyDict, value, [...region.path, 'values', 'auth']);
      else config[key] = value;
    }
  }
  config = magicFixes(config, log, formatAuthUrl);
  const stage1 = formatAuthUrl ? config : copyDict(config);
  if (!formatAuthUrl) stage1.auth = copyDict(config.auth as PyDict);
  config = normalizeKeys(config);
  const missingSecrets = resolveAuthPlugin(config);
  return { config, stage1, missingSecrets };
}

function buildTemplate(base: PyDict, log: IssueLog): Template {
  const { config, stage1, missingSecrets } = prepare(base, { name: PLACEHOLDER_REGION, values: {}, path: [] }, log, false);
  const auth = stage1.auth as PyDict;
  const keys = Object.keys(config);
  return { stage1, config, authUrl: typeof auth.auth_url === 'string' ? auth.auth_url : undefined, clone: cloner(keys), formatKeys: keys.filter((k) => needsFormat(k, config[k])), missingSecrets };
}

/** The region's config from its cloud's template; undefined where only the full path is exact. */
function fromTemplate(state: SdkState, t: Template, region: string): CloudRegionResult | undefined {
  let auth = t.config.auth as PyDict;
  if (t.authUrl !== undefined) {
    // Formatted after the auth plugin step here: exact unless the URL expands to '' (which the plugin step would drop).
    const url = formatOrIssue(t.authUrl, t.stage1, ['auth', 'auth_url'], { region_name: region });
    if (url === '' || t.authUrl === '' || auth.auth_url !== t.authUrl) return undefined;
    if (url !== t.authUrl) {
      auth = copyDict(auth);
      auth.auth_url = url;
    }
  }
  const config = t.clone(t.config);
  config.region_name = region;
  config.auth = auth;
  return finish(state, config, t.missingSecrets, t.formatKeys);
}

const cloners = new Map<string, (config: PyDict) => PyDict>();

/**
 * A function returning `{k1: c[k1], k2: c[k2], ...}` for these keys, compiled once per key list:
 * V8 then builds each region's config in one allocation with in-object properties, which keeps
 * the garbage (and the GC time that dominated resolution) down. Keys are JSON-quoted.
 */
function cloner(keys: readonly string[]): (config: PyDict) => PyDict {
  const id = keys.join('\u0000');
  let clone = cloners.get(id);
  if (!clone) {
    clone = new Function('c', `return {${keys.map((k) => `${JSON.stringify(k)}: c[${JSON.stringify(k)}]`).join(', ')}};`) as (config: PyDict) => PyDict;
    if (cloners.size < 1000) cloners.set(id, clone);
  }
  return clone;
}

function needsFormat(key: string, value: PyValue | undefined): value is string {
  return typeof value === 'string' && key !== 'password' && (value.includes('{') || value.includes('}'));
}

/** Step 9 (every string but `password` expanded with the config, in order) and the IPv4 preference. */
function finish(state: SdkState, config: PyDict, missingSecrets: string[], formatKeys?: readonly string[]): CloudRegionResult {
  for (const key of formatKeys ?? Object.keys(config)) {
    const value = config[key];
    if (needsFormat(key, value)) config[key] = formatOrIssue(value, config, [key]);
  }
  const forceIpv4 = 'force_ipv4' in config ? config.force_ipv4 : state.forceIpv4;
  const preferIpv6 = 'prefer_ipv6' in config ? config.prefer_ipv6 : true;
  if ('force_ipv4' in config) delete config.force_ipv4;
  if ('prefer_ipv6' in config) delete config.prefer_ipv6;
  // CloudRegion() normalises again; after the first normalize_keys that changes nothing.
  return { config, forceIpv4: !pyTruthy(preferIpv6) || pyTruthy(forceIpv4), missingSecrets };
}

/** `_get_auth_loader` + `_validate_auth` + `load_from_options`: every failure at once; returns the missing secrets. */
function resolveAuthPlugin(config: PyDict): string[] {
  config.auth_type = loaderName(config.auth_type) ?? null;
  const plugin = findPlugin(config.auth_type);
  if (!plugin) {
    throw new ConfigIssue('unknown-auth-type', `The plugin ${pyStr(config.auth_type)} could not be found (auth_type must be one of ${Object.keys(AUTH_PLUGINS).join(', ')})`, 'error', [['auth_type']], {
      authTypes: Object.keys(AUTH_PLUGINS),
    });
  }
  if (!isDict(config.auth)) throw new PyError('TypeError', 'auth must be a mapping');
  moveAuthOptions(config, plugin.options);
  const [first, ...rest] = authFailures(plugin, config.auth).map(
    (f) => new ConfigIssue(f.code, f.message, 'error', f.key ? [['auth', f.key], [f.key], ['auth']] : [['auth'], ['auth_type']], { authType: plugin.name, key: f.key, ...(f.secret ? { secret: true } : {}) }),
  );
  if (first) {
    first.related = rest;
    throw first;
  }
  return missingSecrets(plugin, config.auth);
}
