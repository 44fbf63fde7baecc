// openstacksdk 0.101.0 `OpenStackConfig.magic_fixes` and the helpers it calls, in its order
// (spec §1.4 step 6, Debian note): token inference, passcode, api_timeout, endpoint_type,
// auth_plugin, project/domain/token aliases, *endpoint_type -> *interface, networks, domain
// propagation, bool coercion, auth_url template.
import { ConfigIssue, type IssueLog } from './issues';
import { getBoolean, isDict, pyFormat, pyStr, pyTruthy, PyError, type PyDict, type PyValue } from './python';

/** `formatAuthUrl: false` leaves the last step (the auth_url template) to the caller, who formats it per region. */
export function magicFixes(input: PyDict, log: IssueLog, formatAuthUrl = true): PyDict {
  let config = input;
  const auth = () => config.auth as PyDict;
  if ((isDict(config.auth) && 'token' in config.auth) || pyTruthy(config.auth_token) || pyTruthy(config.token)) {
    const popped = popKey(config, 'auth_token', null);
    if (!('token' in config)) config.token = popped;
  }
  if (isDict(config.auth) && 'passcode' in config) auth().passcode = popKey(config, 'passcode', null);
  config = fixApiTimeout(config);
  if ('endpoint_type' in config) config.interface = popKey(config, 'endpoint_type', null);
  config = fixAuthPlugin(config);
  fixBackwardsProject(config);
  config = fixBackwardsInterface(config);
  fixNetworks(config, log);
  handleDomainId(config);
  for (const key of ['insecure', 'cache']) {
    if (key in config && typeof config[key] !== 'boolean') config[key] = getBoolean(config[key]);
  }
  if (isDict(config.auth) && 'auth_url' in config.auth) {
    const url = config.auth.auth_url;
    if (typeof url !== 'string') throw new ConfigIssue('invalid-value', `auth.auth_url must be a string, not ${pyStr(url)}`, 'error', [['auth', 'auth_url']]);
    if (formatAuthUrl) config.auth.auth_url = formatOrIssue(url, config, ['auth', 'auth_url']);
  }
  return config;
}

function hasKey(d: PyDict, test: (key: string) => boolean): boolean {
  for (const k in d) if (test(k)) return true;
  return false;
}

function popKey(d: PyDict, key: string, fallback: PyValue): PyValue {
  if (!(key in d)) return fallback;
  const v = d[key]!;
  delete d[key];
  return v;
}

/** `str.format(**config)`, with a located issue for the KeyError/ValueError Python would raise (P-13). */
export function formatOrIssue(template: string, config: PyDict, path: readonly (string | number)[], override?: Readonly<PyDict>): string {
  try {
    return pyFormat(template, config, override);
  } catch (e) {
    if (!(e instanceof PyError)) throw e;
    const hint = e.pyType === 'KeyError' ? ` (no config key ${e.message.replace(/^KeyError: /, '')}; write {{ and }} for literal braces)` : ' (write {{ and }} for literal braces)';
    throw new ConfigIssue('template-error', `'${template}' cannot be expanded as openstacksdk expands config values: ${e.message}${hint}`, 'error', [path, [String(path[path.length - 1])]]);
  }
}

/** Any key ending in `timeout` other than `timeout`/`api_timeout` sets api_timeout (CFG-TIME-1). */
function fixApiTimeout(config: PyDict): PyDict {
  if (!hasKey(config, (k) => k.endsWith('timeout') && k !== 'timeout' && k !== 'api_timeout')) return config;
  const out: PyDict = {};
  let serviceTimeout: PyValue = null;
  for (const [key, value] of Object.entries(config)) {
    if (key.endsWith('timeout') && key !== 'timeout' && key !== 'api_timeout') serviceTimeout = value;
    else out[key] = value;
  }
  if (serviceTimeout !== null) out.api_timeout = serviceTimeout;
  return out;
}

/** `auth_plugin` is the old name of `auth_type`; the key is always (re)set, possibly to None. */
function fixAuthPlugin(config: PyDict): PyDict {
  let target: PyValue = null;
  for (const key of ['auth_plugin', 'auth_type']) {
    if (key in config) {
      target = config[key]!;
      delete config[key];
    }
  }
  config.auth_type = target;
  return config;
}

const ALIASES: [string, string[]][] = [
  ['domain_id', ['domain_id', 'domain-id']],
  ['domain_name', ['domain_name', 'domain-name']],
  ['user_domain_id', ['user_domain_id', 'user-domain-id']],
  ['user_domain_name', ['user_domain_name', 'user-domain-name']],
  ['project_domain_id', ['project_domain_id', 'project-domain-id']],
  ['project_domain_name', ['project_domain_name', 'project-domain-name']],
  ['token', ['auth-token', 'auth_token', 'token']],
];

/** `_fix_backwards_project` (CFG-AUTH-1, Debian variant: for one spelling, the copy in auth wins). */
function fixBackwardsProject(config: PyDict): void {
  const auth = config.auth as PyDict;
  const mappings = [...ALIASES];
  if (config.auth_type === 'v2password') {
    mappings.push(['tenant_id', ['project_id', 'project-id', 'tenant_id', 'tenant-id']]);
    mappings.push(['tenant_name', ['project_name', 'project-name', 'tenant_name', 'tenant-name']]);
  } else {
    mappings.push(['project_id', ['tenant_id', 'tenant-id', 'project_id', 'project-id']]);
    mappings.push(['project_name', ['tenant_name', 'tenant-name', 'project_name', 'project-name']]);
  }
  for (const [target, spellings] of mappings) {
    let value: string | undefined;
    for (const key of spellings) {
      if (key in config) {
        value = pyStr(config[key]);
        delete config[key];
      }
      if (key in auth) {
        value = pyStr(auth[key]);
        delete auth[key];
      }
    }
    if (value) auth[target] = value;
  }
}

function fixBackwardsInterface(config: PyDict): PyDict {
  if (!hasKey(config, (k) => k.endsWith('endpoint_type'))) return config;
  const out: PyDict = {};
  for (const [key, value] of Object.entries(config)) {
    out[key.endsWith('endpoint_type') ? key.split('endpoint_type').join('interface') : key] = value;
  }
  return out;
}

const NETWORK_FLAGS = ['routes_externally', 'nat_source', 'nat_destination', 'default_interface'] as const;

/** `_fix_backwards_networks` (CFG-NET-1/2): normalised `networks`, legacy keys, duplicate checks. */
function fixNetworks(config: PyDict, log: IssueLog): void {
  const networks: PyDict[] = [];
  // Python iterates the value: an empty string or mapping is no network at all.
  const given = !('networks' in config) || config.networks === '' || (isDict(config.networks) && Object.keys(config.networks).length === 0) ? [] : config.networks;
  if (!Array.isArray(given)) throw new ConfigIssue('V-4', `networks must be a list of mappings, not ${pyStr(given)}`, 'error', [['networks']]);
  given.forEach((net, i) => {
    if (!isDict(net)) throw new ConfigIssue('V-4', `networks entry ${i + 1} must be a mapping with a name`, 'error', [['networks', i]]);
    const name = net.name;
    if (!pyTruthy(name)) throw new ConfigIssue('V-4', 'Entry in network list is missing required field "name".', 'error', [['networks', i]]);
    const network: PyDict = { name: name! };
    for (const flag of NETWORK_FLAGS) network[flag] = getBoolean(net[flag]);
    network.routes_ipv4_externally = getBoolean('routes_ipv4_externally' in net ? net.routes_ipv4_externally : network.routes_externally);
    network.routes_ipv6_externally = getBoolean('routes_ipv6_externally' in net ? net.routes_ipv6_externally : network.routes_externally);
    networks.push(network);
  });
  for (const key of ['external_network', 'internal_network']) {
    const external = key.startsWith('external');
    if (key in config && 'networks' in config) {
      throw new ConfigIssue('V-4', `Both ${key} and networks were specified in the config. Remove ${key} and describe the network in the networks list.`, 'error', [[key]]);
    }
    if (key in config) {
      log.warn(new ConfigIssue('network-key-deprecated', `${key} is deprecated: replace it with an entry in networks (name: ${pyStr(config[key])}, routes_externally: ${external ? 'true' : 'false'})`, 'warning', [[key]]));
      networks.push({ name: config[key]!, routes_externally: external, nat_destination: !external, default_interface: external });
    }
  }
  for (const flag of ['nat_destination', 'default_interface']) {
    let first: PyDict | undefined;
    networks.forEach((net, i) => {
      if (first && net[flag]) {
        throw new ConfigIssue('V-4', `Duplicate network entries for ${flag}: ${pyStr(first.name)} and ${pyStr(net.name)}. Only one network can be flagged with ${flag}`, 'error', [['networks', i, flag], ['networks', i]]);
      }
      if (!first && net[flag]) first = net;
    });
  }
  config.networks = networks;
}

function projectScoped(config: PyDict): boolean {
  const auth = config.auth as PyDict;
  return 'project_id' in config || 'project_name' in config || 'project_id' in auth || 'project_name' in auth;
}

/** `_handle_domain_id` (CFG-AUTH-2). */
function handleDomainId(config: PyDict): void {
  const auth = config.auth as PyDict;
  const mappings: [string, string[]][] = [
    ['domain_id', ['user_domain_id', 'project_domain_id']],
    ['domain_name', ['user_domain_name', 'project_domain_name']],
  ];
  for (const [target, keys] of mappings) {
    if (!projectScoped(config)) {
      if (target in config && !(target in auth)) auth[target] = popKey(config, target, null);
      continue;
    }
    for (const key of keys) {
      if (target in auth && !(key in auth)) auth[key] = auth[target]!;
    }
    delete config[target];
    delete auth[target];
  }
}
