// What openstacksdk takes from the process environment: the `envvars` cloud (CFG-ENV-1..5), its
// name, and the IPv4/IPv6 preference (CFG-ENV-7, CFG-NET-6).
import type { Problem } from '../yaml/problem';
import { SDK_DEFAULTS } from './openstackConfig';
import { copyDict, getBoolean, isDict, PyError, type PyDict, type PyValue } from './python';

type Env = Readonly<Record<string, string | undefined>>;

/** Variables that only select or locate a cloud: alone, they do not make an envvars cloud. */
export const SELECTOR_VARIABLES: ReadonlySet<string> = new Set(['OS_CLOUD', 'OS_REGION_NAME', 'OS_CLIENT_CONFIG_FILE', 'OS_CLIENT_SECURE_FILE', 'OS_CLOUD_NAME']);

export function envvarKey(env: Env): string {
  return env.OS_CLOUD_NAME ?? 'envvars';
}

/** The OS_* variables openstacksdk reads into the envvars cloud (OS_TEST*, OS_STD*, OS_LOG* excluded). */
export function openstackVariables(env: Env): string[] {
  return Object.keys(env).filter((k) => k.startsWith('OS_') && !k.startsWith('OS_TEST') && !k.startsWith('OS_STD') && !k.startsWith('OS_LOG') && env[k] !== undefined);
}

/**
 * `_get_os_environ`: the defaults plus every OS_* variable as a lower-case top-level key
 * (`OS_PROJECT_DOMAIN_NAME` -> `project_domain_name`), or undefined when only selectors are set.
 */
export function envvarsCloud(env: Env): PyDict | undefined {
  const keys = openstackVariables(env);
  if (!keys.some((k) => !SELECTOR_VARIABLES.has(k))) return undefined;
  const cloud = copyDict(SDK_DEFAULTS);
  for (const k of keys) {
    const key = k.slice(k.indexOf('_') + 1).toLowerCase();
    if (key !== '__proto__') cloud[key] = env[k]!;
  }
  return cloud;
}

function boolOf(value: PyValue | undefined, name: string, file: string, problems: Problem[]): boolean {
  try {
    return getBoolean(value ?? null);
  } catch (e) {
    if (!(e instanceof PyError)) throw e;
    problems.push({ file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'error', code: 'invalid-type', message: `${name} must be true or false` });
    return false;
  }
}

/** The global force_ipv4 of OpenStackConfig: OS_FORCE_IPV4 / client.force_ipv4 (broken-ipv6), unless prefer_ipv6 is false. */
export function ipv4Preference(env: Env, client: PyValue | undefined, problems: Problem[], file: string): boolean {
  const c: PyDict = isDict(client) ? client : {};
  const prefer = env.OS_PREFER_IPV6 ?? ('prefer_ipv6' in c ? c.prefer_ipv6 : 'prefer-ipv6' in c ? c['prefer-ipv6'] : true);
  const force = env.OS_FORCE_IPV4 ?? ('force_ipv4' in c ? c.force_ipv4 : 'broken-ipv6' in c ? c['broken-ipv6'] : false);
  const forceIpv4 = boolOf(force, 'client.force_ipv4', file, problems);
  return boolOf(prefer, 'client.prefer_ipv6', file, problems) ? forceIpv4 : true;
}
