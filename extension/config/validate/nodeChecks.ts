// Structural checks of a clouds / secure / clouds-public document on its YAML nodes: known keys,
// their types, allowed values and formats, unknown keys with "did you mean", dash/underscore
// twins (V-8), region and network entries, auth keys for the auth_type (V-13), TLS (V-11),
// ignored keys (V-16, V-17) and secret literals in clouds.yaml (V-18 / secret-in-clouds-yaml).
import { deref, keyString, type YamlMap, type YamlNode } from '../../yaml/positionedYaml';
import type { Problem, Severity } from '../../yaml/problem';
import { AUTH_PLUGINS, authOptionNames, findPlugin, loaderName } from '../authPlugins';
import { CLIENT_KEYS, cloudKeySpec, knownCloudKeyNames, NETWORK_KEYS, REGION_KEYS, TOP_LEVEL_KEYS } from '../keys';
import { BUILTIN_PROFILES, profileUrlParts } from '../profiles';
import { isDict, pyTruthy } from '../python';
import { isSecretKey } from '../secrets';
import { isYamlBooleanWord } from '../tls';
import { toPyValue, type SourceFile } from '../sourceFile';
import { didYouMean } from '../../yaml/didYouMean';
import { checkFormat } from './formats';
import { checkValue, report, yamlType, type Pair } from './valueChecks';
import { settingsOf, standaloneView, withRegionValues, type CloudView } from './cloudView';

export interface NodeCheckContext {
  file: SourceFile;
  problems: Problem[];
  /** A secure.yaml exists beside this clouds.yaml (secrets then get V-18 rather than a hint). */
  secureExists: boolean;
  /** Profile names of the clouds-public.yaml that goes with this file. */
  publicProfiles: ReadonlySet<string>;
  /**
   * The merged cloud (every file of the configuration, its profile) by name; without it a cloud
   * is judged on this file alone (clouds-public.yaml profiles).
   */
  cloudView?: (cloud: string) => CloudView;
}

type Path = (string | number)[];

export { yamlType };

function pairsOf(map: YamlMap): Pair[] {
  return map.pairs.flatMap((p) => {
    const key = keyString(p.key);
    return key === undefined || key === '<<' ? [] : [{ key, keyNode: p.key, value: p.value }];
  });
}

/** V-8: the same key written with `-` and with `_` in one mapping (the later one wins silently). */
function checkTwins(ctx: NodeCheckContext, pairs: Pair[]): void {
  const seen = new Map<string, Pair>();
  for (const p of pairs) {
    const norm = p.key.replace(/-/g, '_');
    const first = seen.get(norm);
    if (first && first.key !== p.key) {
      report(ctx, p.keyNode, 'warning', 'V-8', `'${p.key}' and '${first.key}' are the same key for openstacksdk (- and _ are equal); this one wins silently`, { twin: first.key });
    } else if (!first) seen.set(norm, p);
  }
}

function unknownKey(ctx: NodeCheckContext, p: Pair, where: string, candidates: Iterable<string>, severity: Severity = 'warning', code = 'V-12'): void {
  const suggestion = didYouMean(p.key, candidates);
  report(ctx, p.keyNode, severity, code, `unknown key '${p.key}' ${where}${suggestion ? `: did you mean '${suggestion}'?` : ''}`, suggestion ? { key: p.key, suggestion } : { key: p.key });
}

function secretLiteral(ctx: NodeCheckContext, cloud: string, keyPath: Path, p: Pair): void {
  if (ctx.file.kind !== 'clouds' || !isSecretKey(p.key)) return;
  const value = deref(p.value);
  if (value?.kind !== 'scalar' || value.value === null || value.text === '' || value.tag === '!vault') return;
  const data = { cloud, keyPath, keyRange: ctx.file.yaml.lines.range(p.keyNode.start, p.keyNode.end), valueRange: ctx.file.yaml.lines.range(value.start, value.end) };
  if (ctx.secureExists) report(ctx, p.keyNode, 'warning', 'V-18', `${keyPath.join('.')} of ${cloud} is a secret in clouds.yaml while a secure.yaml exists: move it there`, data);
  else report(ctx, p.keyNode, 'hint', 'secret-in-clouds-yaml', `${keyPath.join('.')} of ${cloud} is a secret written in clouds.yaml: keep it in secure.yaml (or let VS Code ask for it)`, data);
}

/** Every auth option name of every plugin (they are accepted at the cloud level too: openstacksdk moves them into auth). */
let allAuthNames: Set<string> | undefined;
const authNamesOfAllPlugins = () => (allAuthNames ??= new Set(Object.values(AUTH_PLUGINS).flatMap(authOptionNames)));

/** Scope keys an application credential must not have (V-10). */
export const APPCRED_SCOPE = ['project_id', 'project_name', 'project_domain_id', 'project_domain_name', 'domain_id', 'domain_name', 'system_scope', 'tenant_id', 'tenant_name'];

/**
 * How bad a scope key is next to an application credential. keystoneauth asks Keystone for a
 * scope (which Keystone refuses) only for a project named, a domain, or system_scope `all`; a
 * project domain alone (often merged in from a shared anchor) or another system_scope is
 * accepted and ignored: a hint, not an error. `value` gives the auth value of a key.
 */
export function appcredScopeSeverity(key: string, value: (key: string) => unknown): 'error' | 'hint' {
  if (key === 'system_scope') return value(key) === 'all' ? 'error' : 'hint';
  const namesProject = ['project_id', 'project_name', 'tenant_id', 'tenant_name'].some((k) => pyTruthy(value(k)));
  return (key === 'project_domain_id' || key === 'project_domain_name') && !namesProject ? 'hint' : 'error';
}

const AUTH_ALIASES = ['tenant_id', 'tenant_name', 'auth_token', 'token', 'passcode', 'domain_id', 'domain_name', 'user_domain_id', 'user_domain_name', 'project_domain_id', 'project_domain_name', 'project_id', 'project_name'];

function checkAuth(ctx: NodeCheckContext, cloud: string, auth: Pair, authType: string | null | undefined, v3: boolean): void {
  const map = deref(auth.value);
  if (map?.kind !== 'map') {
    if (yamlType(auth.value) !== 'null') report(ctx, auth.value, 'error', 'invalid-type', `auth of ${cloud} must be a mapping of auth options`);
    return;
  }
  const pairs = pairsOf(map);
  checkTwins(ctx, pairs);
  // An auth_type that cannot be known yet (a remote profile not fetched) judges no key.
  const plugin = authType === undefined ? undefined : findPlugin(loaderName(authType));
  const names = plugin ? new Set([...authOptionNames(plugin), ...plugin.accepts, ...AUTH_ALIASES]) : undefined;
  for (const p of pairs) {
    const norm = p.key.replace(/-/g, '_');
    if (names && !names.has(norm)) unknownKey(ctx, p, `in auth: auth_type ${plugin!.name} does not take it (keystoneauth fails with "unexpected keyword argument")`, authOptionNames(plugin!), 'error', 'V-13');
    // keystoneauth drops an empty value, so only a given one asks Keystone for a scope.
    if (plugin?.name === 'v3applicationcredential' && APPCRED_SCOPE.includes(norm) && pyTruthy(toPyValue(p.value))) {
      const severity = appcredScopeSeverity(norm, (k) => toPyValue(pairs.find((q) => q.key.replace(/-/g, '_') === k)?.value));
      report(ctx, p.keyNode, severity, 'V-10', severity === 'error' ? `an application credential is already scoped: Keystone rejects ${p.key}; remove it` : `${p.key} is ignored with an application credential (it is already scoped); it can go`, { key: p.key });
    }
    if (v3 && (norm === 'tenant_name' || norm === 'tenant_id')) report(ctx, p.keyNode, 'warning', 'V-8', `${p.key} is the identity v2 name: use ${norm.replace('tenant', 'project')} with identity v3`, { suggestion: norm.replace('tenant', 'project') });
    const value = deref(p.value);
    if ((norm === 'auth_url' || norm === 'endpoint') && value?.kind === 'scalar' && typeof value.value === 'string') {
      const error = checkFormat('url', value.value);
      if (error) report(ctx, value, 'error', 'invalid-url', `auth.${p.key}: ${error}`);
    }
    secretLiteral(ctx, cloud, ['auth', p.key], p);
  }
}

/**
 * An auth_type keystoneauth has no plugin for: openstacksdk cannot load the cloud. Said on the
 * value, with the closest plugin name (resolution reports it too, on the key: see index.ts).
 */
function checkAuthType(ctx: NodeCheckContext, cloud: string, p: Pair): void {
  const value = deref(p.value);
  if (value?.kind !== 'scalar' || typeof value.value !== 'string' || findPlugin(loaderName(value.value))) return;
  const known = Object.keys(AUTH_PLUGINS).sort();
  const suggestion = didYouMean(value.value, known);
  report(ctx, value, 'error', 'unknown-auth-type', `${cloud}: auth_type '${value.value}' is no keystoneauth plugin${suggestion ? `: did you mean '${suggestion}'?` : ` (known: ${known.join(', ')})`}`, {
    cloud,
    authTypes: known,
    ...(suggestion ? { suggestion } : {}),
  });
}

/** V-6: `cloud:` instead of `profile:`, and a profile name that is neither built in nor in clouds-public.yaml. */
function checkProfile(ctx: NodeCheckContext, p: Pair): void {
  if (p.key === 'cloud') report(ctx, p.keyNode, 'warning', 'V-6', "'cloud' is the deprecated name of 'profile'", { replacement: 'profile' });
  const value = deref(p.value);
  if (value?.kind !== 'scalar' || typeof value.value !== 'string' || profileUrlParts(value.value)) return;
  const name = value.value;
  if (Object.hasOwn(BUILTIN_PROFILES, name) || ctx.publicProfiles.has(name)) return;
  const known = [...Object.keys(BUILTIN_PROFILES).sort(), ...ctx.publicProfiles];
  const suggestion = didYouMean(name, known);
  report(ctx, p.keyNode, 'warning', 'V-6', `unknown vendor profile '${name}'${suggestion ? `: did you mean '${suggestion}'?` : ` (known: ${known.join(', ')})`}; openstacksdk goes on without it`, {
    profile: name,
    known,
    valueRange: ctx.file.yaml.lines.range(value.start, value.end),
    ...(suggestion ? { suggestion } : {}),
  });
}

function checkRegions(ctx: NodeCheckContext, cloud: string, node: YamlNode, cloudView: CloudView): void {
  const seq = deref(node);
  if (seq?.kind !== 'seq') return;
  for (const item of seq.items.map((i) => deref(i))) {
    if (!item || item.kind === 'scalar') continue;
    if (item.kind !== 'map') {
      // openstacksdk does not fail: whatever is not a mapping is taken as the region's name.
      report(ctx, item, 'warning', 'V-3', "a region is a name or a mapping with name and values (openstacksdk takes this list as the region's name)");
      continue;
    }
    const pairs = pairsOf(item);
    if (!pairs.some((p) => p.key === 'name')) report(ctx, item, 'error', 'V-3', "a region mapping needs a 'name'");
    for (const p of pairs) {
      if (p.key === 'values') {
        const values = deref(p.value);
        if (values?.kind === 'map') checkCloudBody(ctx, cloud, values, 'region', cloudView);
        else report(ctx, p.value, 'error', 'invalid-type', 'region values must be a mapping of cloud keys');
      } else if (p.key !== 'name') unknownKey(ctx, p, "in a region (only 'name' and 'values' are allowed; openstacksdk rejects the cloud)", REGION_KEYS.map((k) => k.name), 'error', 'V-3');
    }
  }
}

function checkNetworks(ctx: NodeCheckContext, node: YamlNode): void {
  const seq = deref(node);
  if (seq?.kind !== 'seq') return;
  const known = NETWORK_KEYS.map((k) => k.name);
  for (const item of seq.items.map((i) => deref(i))) {
    if (item?.kind !== 'map') {
      if (item) report(ctx, item, 'error', 'V-4', 'a networks entry must be a mapping with a name');
      continue;
    }
    const pairs = pairsOf(item);
    if (!pairs.some((p) => p.key === 'name')) report(ctx, item, 'error', 'V-4', 'a networks entry needs a name');
    for (const p of pairs) {
      const spec = NETWORK_KEYS.find((k) => k.name === p.key);
      if (spec) checkValue(ctx, spec, p, `networks.${p.key}`);
      else unknownKey(ctx, p, 'in a networks entry (openstacksdk drops it)', known);
    }
  }
}

/**
 * The keys of one cloud (or of a region's values, or of a public-clouds profile). Settings that
 * govern other keys (auth_type, identity version, cacert) come from the merged cloud, not from
 * this mapping alone; `cloudView` is the enclosing cloud's for region values.
 */
export function checkCloudBody(ctx: NodeCheckContext, cloud: string, map: YamlMap, where: 'cloud' | 'region' | 'profile', cloudView?: CloudView): void {
  const pairs = pairsOf(map);
  checkTwins(ctx, pairs);
  const get = (name: string) => deref(pairs.find((p) => p.key.replace(/-/g, '_') === name)?.value);
  const scalar = (name: string) => {
    const n = get(name);
    return n?.kind === 'scalar' ? n.value : undefined;
  };
  const own = () => {
    const data = toPyValue(map);
    return isDict(data) ? data : {};
  };
  const view = where === 'region' ? withRegionValues(cloudView, own()) : where === 'cloud' && ctx.cloudView ? ctx.cloudView(cloud) : standaloneView(own());
  const { authType, v3, cacert } = settingsOf(view);
  for (const p of pairs) {
    const norm = p.key.replace(/-/g, '_');
    if (norm === 'auth') {
      checkAuth(ctx, cloud, p, authType, v3);
      continue;
    }
    const spec = cloudKeySpec(norm);
    if (!spec) {
      if (authNamesOfAllPlugins().has(norm) || AUTH_ALIASES.includes(norm)) secretLiteral(ctx, cloud, [p.key], p);
      else unknownKey(ctx, p, where === 'region' ? 'in region values' : `in cloud ${cloud}`, [...knownCloudKeyNames(), ...authNamesOfAllPlugins()]);
      continue;
    }
    checkValue(ctx, spec, p, p.key, where);
    if (norm === 'auth_type') checkAuthType(ctx, cloud, p);
    if (norm === 'profile' || norm === 'cloud') checkProfile(ctx, p);
    if (norm === 'regions') checkRegions(ctx, cloud, p.value, view);
    if (norm === 'networks') checkNetworks(ctx, p.value);
    if (norm === 'verify') checkVerifyString(ctx, p);
    if ((norm === 'verify' && scalar('verify') === false) || (norm === 'insecure' && (scalar('insecure') === true || String(scalar('insecure')).toLowerCase() === 'true'))) {
      report(ctx, p.value, 'warning', 'verify-disabled', `TLS certificates of ${cloud} are not verified: anyone on the path can read its passwords and tokens`);
      if (cacert || get('cacert')) report(ctx, p.keyNode, 'warning', 'V-11', `${p.key} disables verification, so cacert is ignored`);
    }
  }
}

/**
 * A string `verify` is the path of a CA bundle to openstacksdk (requests), so verification stays on:
 * a quoted boolean word is worth a warning, and so is "" (requests turns verification off for it,
 * we keep it on: extension/config/tls.ts).
 */
function checkVerifyString(ctx: NodeCheckContext, p: Pair): void {
  const value = deref(p.value);
  if (value?.kind !== 'scalar' || typeof value.value !== 'string') return;
  if (value.value === '') {
    report(ctx, p.value, 'warning', 'verify-string', 'verify: "" turns verification off in openstacksdk but not here (only false does): write true or false');
  } else if (isYamlBooleanWord(value.value)) {
    report(ctx, p.value, 'warning', 'verify-string', `verify: "${value.value}" in quotes is a string, which openstacksdk reads as the path of a CA bundle (verification stays on, and fails without that file): write ${value.value.toLowerCase()} without quotes for a boolean`);
  }
}

/** Keys of the top level (`clouds`, `client`, ...) or of clouds-public.yaml (`public-clouds`). */
export function checkTopLevel(ctx: NodeCheckContext, root: YamlMap): { clouds: Pair[] } {
  const pairs = pairsOf(root);
  const publicFile = ctx.file.kind === 'clouds-public';
  const known = publicFile ? ['public-clouds'] : TOP_LEVEL_KEYS.map((k) => k.name);
  let clouds: Pair[] = [];
  for (const p of pairs) {
    if (!known.includes(p.key)) {
      unknownKey(ctx, p, publicFile ? 'in clouds-public.yaml (profiles go under public-clouds)' : 'at the top level (openstacksdk keeps it as extra config)', known);
      continue;
    }
    const value = deref(p.value);
    if (p.key === 'clouds' || p.key === 'public-clouds') {
      if (value?.kind === 'map') clouds = pairsOf(value);
      else if (yamlType(p.value) !== 'null') report(ctx, p.value, 'error', 'invalid-type', `${p.key} must be a mapping of names to settings`);
    } else if (p.key === 'client' && value?.kind === 'map') {
      for (const c of pairsOf(value)) {
        const spec = CLIENT_KEYS.find((k) => k.name === c.key || k.name === c.key.replace(/-/g, '_'));
        if (spec) checkValue(ctx, spec, c, `client.${c.key}`);
        else unknownKey(ctx, c, 'in client', CLIENT_KEYS.map((k) => k.name));
      }
    }
  }
  return { clouds };
}
