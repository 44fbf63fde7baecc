// keystoneauth's auth plugins as openstacksdk uses them (CFG-AUTH-4/5): the option list of each
// plugin (bundled from keystoneauth1 5.0.0 by scripts/gen-config-data.py), how openstacksdk moves
// option values into `auth` (`_validate_auth`), and the checks the plugin loader makes
// (`load_from_options` + the plugin constructor), as data instead of exceptions.
import pluginData from './data/auth-plugins.json';
import { pyTruthy, pyStr, type PyDict, type PyValue } from './python';

export interface AuthOption {
  /** The option name with `_` (keystoneauth spells it with `-`). */
  name: string;
  /** The key the value ends up under in `auth` (differs from name for `openid_scope` -> `scope`). */
  dest: string;
  deprecated: string[];
  required: boolean;
  secret: boolean;
  help: string;
}

export interface AuthPlugin {
  name: string;
  options: AuthOption[];
  /** Extra checks of the loader (see scripts/gen-config-data.py). */
  checks: string[];
  /** Every keyword the plugin constructor takes; any other key in `auth` is a TypeError at connect time. */
  accepts: string[];
  /** Constructor parameters without a default (some are not "required" options, e.g. OIDC client_secret). */
  constructorRequires: string[];
}

export const AUTH_PLUGINS: Readonly<Record<string, AuthPlugin>> = Object.fromEntries(
  Object.entries(pluginData.plugins).map(([name, p]) => [name, { name, ...p }]),
);

const optionNames = new Map<string, string[]>();
const accepted = new Map<string, Set<string>>();

/** The keys a plugin's constructor takes, as a set (computed once per plugin). */
function acceptedKeys(plugin: AuthPlugin): Set<string> {
  let keys = accepted.get(plugin.name);
  if (!keys) {
    keys = new Set([...plugin.accepts, ...plugin.options.map((o) => o.dest)]);
    accepted.set(plugin.name, keys);
  }
  return keys;
}

/** The option names of a plugin (and its deprecated names), as they may be written in clouds.yaml. */
export function authOptionNames(plugin: AuthPlugin): string[] {
  let names = optionNames.get(plugin.name);
  if (!names) {
    names = plugin.options.flatMap((o) => [o.name, ...o.deprecated, ...(o.dest !== o.name ? [o.dest] : [])]);
    optionNames.set(plugin.name, names);
  }
  return names;
}

/** `_get_auth_loader`: `None`/`"None"`/`''` mean `none`, `token_endpoint` means `admin_token`. */
export function loaderName(authType: PyValue | undefined): PyValue | undefined {
  if (authType === null || authType === undefined || authType === 'None' || authType === '') return 'none';
  if (authType === 'token_endpoint') return 'admin_token';
  return authType;
}

export function findPlugin(name: PyValue | undefined): AuthPlugin | undefined {
  return typeof name === 'string' && Object.hasOwn(AUTH_PLUGINS, name) ? AUTH_PLUGINS[name] : undefined;
}

function winningValue(option: AuthOption, source: PyDict): PyValue | undefined {
  if (Object.hasOwn(source, option.name)) return source[option.name];
  for (const d of option.deprecated) if (Object.hasOwn(source, d)) return source[d];
  return undefined;
}

/**
 * openstacksdk `_validate_auth`: for each option, the value in `auth` (by name, then deprecated
 * names) wins, else the top-level one; every copy is removed and a truthy winner is stored in
 * `auth` under the option's dest. Mutates `config` (whose `auth` must be a dict).
 */
export function moveAuthOptions(config: PyDict, options: readonly AuthOption[]): void {
  const auth = config.auth as PyDict;
  for (const option of options) {
    let winner = winningValue(option, auth);
    if (!pyTruthy(winner)) winner = winningValue(option, config);
    for (const name of [option.name, ...option.deprecated]) {
      if (name in config) delete config[name];
      if (name in auth) delete auth[name];
    }
    if (pyTruthy(winner)) auth[option.dest] = winner!;
  }
}

/** The options of a plugin, with v3multifactor's grown by its methods' options as keystoneauth does. */
export function effectiveOptions(plugin: AuthPlugin, auth: PyDict): AuthOption[] {
  if (plugin.name !== 'v3multifactor' || !Array.isArray(auth.auth_methods)) return plugin.options;
  const byName = new Map(plugin.options.map((o) => [o.name, o]));
  for (const method of auth.auth_methods) {
    for (const o of findPlugin(method)?.options ?? []) byName.set(o.name, o);
  }
  return [...byName.values()];
}

export interface AuthFailure {
  /** `missing-auth-option`, `V-9`, `V-10`, `V-13`, `auth-methods`, `oidc-endpoint`, `tokenless-scope`. */
  code: string;
  message: string;
  /** The auth key the failure is about, when there is one (to point at it). */
  key?: string;
  /** Set when the missing value is a secret (the editor can ask for it and keep it in SecretStorage). */
  secret?: boolean;
}

/** Secrets that are a plugin's main credential even where keystoneauth does not require them (OSC prompts for them). */
const PRIMARY_SECRETS = new Set(['password', 'token', 'passcode', 'application_credential_secret', 'access_token', 'code']);

/** The secret options this plugin needs that `auth` lacks (after _validate_auth), e.g. ['password']. */
export function missingSecrets(plugin: AuthPlugin, auth: PyDict): string[] {
  return plugin.options
    .filter((o) => o.secret && (o.required || PRIMARY_SECRETS.has(o.dest) || plugin.constructorRequires.includes(o.dest)))
    .filter((o) => !pyTruthy(auth[o.dest]))
    .map((o) => o.dest);
}

const has = (auth: PyDict, ...keys: string[]) => keys.some((k) => pyTruthy(auth[k]));

const CHECKS: Record<string, (auth: PyDict) => AuthFailure | undefined> = {
  'v3-user-domain': (a) =>
    has(a, 'username') && !has(a, 'user_domain_name', 'user_domain_id')
      ? { code: 'V-9', key: 'username', message: 'a username is only unique within a domain in identity v3: give user_domain_name or user_domain_id (or domain_name/domain_id)' }
      : undefined,
  'v3-project-domain': (a) =>
    has(a, 'project_name') && !has(a, 'project_domain_name', 'project_domain_id')
      ? { code: 'V-9', key: 'project_name', message: 'a project_name is only unique within a domain in identity v3: give project_domain_name or project_domain_id (or domain_name/domain_id)' }
      : undefined,
  'appcred-id-or-name': (a) =>
    has(a, 'application_credential_id', 'application_credential_name')
      ? undefined
      : { code: 'V-10', message: 'v3applicationcredential needs application_credential_id, or application_credential_name with the user' },
  'appcred-secret': (a) =>
    has(a, 'application_credential_secret') ? undefined : { code: 'V-10', key: 'application_credential_secret', secret: true, message: 'v3applicationcredential needs application_credential_secret' },
  'auth-methods': (a) =>
    typeof a.auth_methods === 'string'
      ? { code: 'auth-methods', key: 'auth_methods', message: `auth_methods must be a YAML list with openstacksdk 0.101 (a comma-separated string fails with "The plugin ${a.auth_methods[0]} could not be found")` }
      : Array.isArray(a.auth_methods) && a.auth_methods.some((m) => !findPlugin(m))
        ? { code: 'auth-methods', key: 'auth_methods', message: `auth_methods names an unknown auth plugin: ${a.auth_methods.filter((m) => !findPlugin(m)).map(pyStr).join(', ')}` }
        : undefined,
  'oidc-endpoint': (a) =>
    has(a, 'access_token_endpoint', 'discovery_endpoint') ? undefined : { code: 'oidc-endpoint', message: 'give access_token_endpoint or discovery_endpoint' },
  'tokenless-scope': (a) =>
    !has(a, 'domain_id', 'domain_name', 'project_id', 'project_name') || (has(a, 'project_name') && !has(a, 'project_domain_name', 'project_domain_id'))
      ? { code: 'tokenless-scope', message: 'v3tokenlessauth needs a domain or project scope (a project_name with its project domain)' }
      : undefined,
};

/**
 * What `loader.load_from_options(**auth)` would reject: missing required options, the loader's
 * own checks, and keys the plugin constructor does not take (TypeError, V-13).
 */
export function authFailures(plugin: AuthPlugin, auth: PyDict): AuthFailure[] {
  const failures: AuthFailure[] = [];
  for (const check of plugin.checks) {
    const failure = CHECKS[check]?.(auth);
    if (failure) failures.push(failure);
  }
  const options = effectiveOptions(plugin, auth);
  const missing = options.filter((o) => o.required && (auth[o.dest] === undefined || auth[o.dest] === null));
  for (const o of missing) failures.push({ code: 'missing-auth-option', key: o.dest, secret: o.secret, message: `auth_type ${plugin.name} requires ${o.dest}, which is not set` });
  for (const key of plugin.constructorRequires) {
    if (!(key in auth) && !missing.some((o) => o.dest === key)) {
      const secret = plugin.options.some((o) => o.dest === key && o.secret);
      failures.push({ code: 'missing-auth-option', key, secret, message: `auth_type ${plugin.name} requires ${key}, which is not set (keystoneauth: missing argument)` });
    }
  }
  const accepted = options === plugin.options ? acceptedKeys(plugin) : new Set([...plugin.accepts, ...options.map((o) => o.dest)]);
  for (const key of Object.keys(auth)) {
    if (!accepted.has(key)) {
      failures.push({ code: 'V-13', key, message: `auth_type ${plugin.name} does not accept '${key}' in auth (keystoneauth raises "unexpected keyword argument")` });
    }
  }
  return failures;
}
