// What clouds.yaml keys mean: the one table behind the validator, completion/hover in the editor
// and schemas/clouds.schema.json. Written from openstacksdk 0.101.0 (loader.py, cloud_region.py,
// defaults.json, schema.json) and spec §1; service prefixes come from os-service-types.
import serviceData from './data/service-types.json';

/** YAML value types, named as in JSON Schema. */
export type ValueType = 'string' | 'boolean' | 'integer' | 'number' | 'object' | 'array' | 'null';
/** Formats the validator checks on string values. */
export type ValueFormat = 'url' | 'path' | 'version' | 'host' | 'ip' | 'cidr';

export interface KeySpec {
  name: string;
  types: ValueType[];
  description: string;
  /** Allowed values (the validator reports others); `suggestions` are offered but not enforced. */
  values?: string[];
  suggestions?: string[];
  default?: unknown;
  format?: ValueFormat;
  /** Set when the key still works but should be replaced; says by what. */
  deprecated?: string;
  /** Set when openstacksdk 0.101 ignores the key; says why. */
  ignored?: string;
  secret?: boolean;
  /** openstacksdk reads the value as written, before it turns numbers into strings: a number is no string here. */
  strictTypes?: boolean;
  /** A key of ours (OpenStack Clouds), not openstacksdk's: openstacksdk keeps it in the config and ignores it. */
  extension?: boolean;
  /**
   * Set when openstacksdk also takes values outside `values` without failing; says what it does
   * with them. Such a value is a warning (code `unusual-value`), and the schema offers `values`
   * as examples instead of enforcing them.
   */
  otherValues?: string;
  /**
   * Whether openstacksdk or keystoneauth raise, up to the first request, on a value of another
   * structural type (a list or a mapping for a scalar key, a scalar for a mapping): `always`, or
   * `nonEmpty` when an empty one is unset to them. Otherwise such a value is only a warning.
   * test/unit/config-error-oracle.test.ts holds every error to the real libraries.
   */
  wrongTypeFails?: 'always' | 'nonEmpty';
}

/**
 * The value types a key accepts, for the validator and the JSON schema alike: a number also fits
 * a string key (openstacksdk turns numbers into strings), unless the key's types are strict.
 */
export function acceptedTypes(spec: KeySpec): ValueType[] {
  const out = new Set(spec.types);
  if (out.has('string') && !spec.strictTypes) {
    out.add('integer');
    out.add('number');
  }
  return [...out];
}

/** The code of a value outside `spec.values`: V-7 for interfaces and the floating IP / security group sources, else invalid-value. */
export function enumCode(spec: KeySpec): string {
  return ['interface', 'floating_ip_source', 'secgroup_source'].includes(spec.name) || spec.name.endsWith('_interface') ? 'V-7' : 'invalid-value';
}

export const INTERFACES = ['public', 'internal', 'admin'] as const;

/** `interface`, `endpoint_type` and their per-service forms (`compute_interface`, ...). */
export function isInterfaceKey(name: string): boolean {
  return /(^|_)(interface|endpoint_type)$/.test(name);
}

/**
 * The interfaces keystoneauth finds endpoints with: its v3 catalog strips trailing U, R and L
 * letters (`interface.rstrip('URL')`, so `publicURL` is `public`), and an empty interface filters
 * nothing. Case counts (`Public` matches no endpoint). Also the JSON schema's pattern.
 */
export const INTERFACE_PATTERN = `^((${INTERFACES.join('|')})[URL]*)?$`;
const ACCEPTED_INTERFACE = new RegExp(INTERFACE_PATTERN);

export function isAcceptedInterface(text: string): boolean {
  return ACCEPTED_INTERFACE.test(text);
}

/** Whether openstacksdk accepts this value of a key with allowed `values` (`None` in any case where allowed). */
export function isAllowedValue(spec: KeySpec, text: string): boolean {
  if (!spec.values) return true;
  if (isInterfaceKey(spec.name)) return isAcceptedInterface(text);
  return spec.values.some((v) => v === text || (v === 'None' && text.toLowerCase() === 'none'));
}

export const IP_SOURCES = ['neutron', 'nova', 'None'] as const;
export const IMAGE_FORMATS = ['qcow2', 'raw', 'vhd', 'vhdx', 'vmdk', 'vdi', 'iso', 'ploop', 'aki', 'ari', 'ami'];

const S: ValueType[] = ['string'];
const B: ValueType[] = ['boolean'];
const VERSION: ValueType[] = ['string', 'integer', 'number'];
const INT: ValueType[] = ['integer', 'string'];

/** openstacksdk's get_boolean: a boolean or a string ('true' in any case is true); a number makes it fail. */
const BOOLEAN_OR_TEXT = { types: ['boolean', 'string'] as ValueType[], strictTypes: true };
/** The same where get_boolean() runs before the first request: a list or a mapping makes it raise, empty or not. */
const BOOLEAN_FLAG = { ...BOOLEAN_OR_TEXT, wrongTypeFails: 'always' as const };

export const CLOUD_KEYS: readonly KeySpec[] = [
  { name: 'auth', types: ['object'], description: 'Options of the auth plugin (`auth_type`): auth_url, username, project_name, ... Merged key by key over the profile\'s `auth`.' },
  { name: 'auth_type', wrongTypeFails: 'always', types: S, description: 'keystoneauth plugin used to authenticate (default `password`, which discovers identity v2/v3).', default: 'password' },
  { name: 'profile', wrongTypeFails: 'nonEmpty', types: S, strictTypes: true, description: 'Vendor profile (built-in name, a `clouds-public.yaml` entry, or an `https://` URL whose `/.well-known/openstack/api` holds it) supplying auth_url, regions and cloud quirks.' },
  { name: 'cloud', wrongTypeFails: 'nonEmpty', types: S, strictTypes: true, description: 'Old name of `profile`.', deprecated: 'profile' },
  { name: 'region_name', wrongTypeFails: 'always', types: ['string', 'array'], description: 'Region (or list of regions) of the cloud. A comma-separated string is deprecated; ignored when `regions` is given.' },
  { name: 'regions', types: ['array'], description: 'Regions of the cloud: names, or mappings `{name, values}` whose values override cloud keys for that region.' },
  { name: 'interface', wrongTypeFails: 'nonEmpty', types: ['string', 'array'], description: 'Endpoint interface used from the service catalog.', values: [...INTERFACES], default: 'public' },
  { name: 'endpoint_type', wrongTypeFails: 'nonEmpty', types: S, description: 'Old name of `interface`.', deprecated: 'interface', values: [...INTERFACES] },
  { name: 'identity_api_version', types: VERSION, description: 'Identity API version (`3` or `2.0`); without it keystoneauth discovers.', format: 'version', suggestions: ['3', '2.0'] },
  { name: 'verify', types: ['boolean', 'string', 'null'], strictTypes: true, format: 'path', description: 'Verify the TLS certificate of the cloud (default true). `false` disables verification and beats `cacert`; a string is the path of a CA bundle to verify with (so a quoted "no" is a path, not false).', default: true },
  { name: 'insecure', ...BOOLEAN_FLAG, description: 'Old inverse of `verify`: true (or "true") disables TLS verification.' },
  { name: 'cacert', wrongTypeFails: 'nonEmpty', types: ['string', 'null'], description: 'CA bundle (path, `~` expanded) used to verify the cloud.', format: 'path' },
  { name: 'cert', wrongTypeFails: 'nonEmpty', types: ['string', 'null'], description: 'Client certificate (path) for mutual TLS.', format: 'path' },
  { name: 'key', types: ['string', 'null'], description: 'Client key (path) for mutual TLS; used only together with `cert`.', format: 'path' },
  { name: 'api_timeout', wrongTypeFails: 'always', types: ['integer', 'number', 'null'], description: 'HTTP timeout in seconds (default none). Keys like `compute_timeout` also set it.' },
  { name: 'timeout', types: ['integer', 'number'], description: 'Wait timeout of Ansible modules and the CLI.', ignored: 'openstacksdk does not read `timeout` from clouds.yaml (use api_timeout for HTTP)' },
  { name: 'networks', wrongTypeFails: 'nonEmpty', types: ['array'], description: 'How the cloud\'s networks route: mappings with `name` and flags (routes_externally, nat_source, nat_destination, default_interface, ...).' },
  { name: 'external_network', wrongTypeFails: 'always', types: S, description: 'Old way to name the external network.', deprecated: 'networks (an entry with routes_externally: true and default_interface: true)' },
  { name: 'internal_network', wrongTypeFails: 'always', types: S, description: 'Old way to name the internal network.', deprecated: 'networks (an entry with routes_externally: false and nat_destination: true)' },
  { name: 'floating_ip_source', wrongTypeFails: 'nonEmpty', types: S, description: 'Which service provides floating IPs; `None` when the cloud has none.', values: [...IP_SOURCES], otherValues: "openstacksdk accepts any value and uses nova's floating IPs for anything but neutron", default: 'neutron' },
  { name: 'secgroup_source', types: S, description: 'Which service provides security groups; `None` when the cloud has none.', values: [...IP_SOURCES], otherValues: "openstacksdk accepts any value and uses nova's security groups for anything but neutron", default: 'neutron' },
  { name: 'requires_floating_ip', types: ['boolean', 'null'], description: 'Whether servers need a floating IP to be reachable (informational).' },
  { name: 'use_external_network', types: B, description: 'Look for an external network when finding a server\'s public IP (default true).', default: true },
  { name: 'use_internal_network', types: B, description: 'Look for an internal network when finding a server\'s private IP (default true).', default: true },
  { name: 'private', types: B, description: 'The client runs inside the cloud: private IPs are used and no floating IP is added.', default: false },
  { name: 'force_ipv4', types: B, description: 'Use IPv4 addresses even where IPv6 exists.', default: false },
  { name: 'prefer_ipv6', types: B, description: '`false` forces IPv4 addresses.', default: true },
  { name: 'image_format', types: S, description: 'disk_format of uploaded images when none is given (default qcow2; raw for Ceph-backed clouds, vhd for Rackspace).', suggestions: IMAGE_FORMATS, default: 'qcow2' },
  { name: 'image_api_use_tasks', types: B, description: 'Upload images through Swift and a Glance import task instead of PUT.', default: false },
  {
    name: 'image_import_method',
    types: S,
    values: ['glance-direct', 'web-download', 'copy-image'],
    extension: true,
    otherValues: 'openstacksdk ignores image_import_method (a key of OpenStack Clouds); our uploads ask Glance for exactly this method',
    description:
      'A key of OpenStack Clouds, not of openstacksdk (which ignores it): the Glance interoperable import method for uploads to this cloud. ' +
      '`glance-direct`: a file is staged, then imported (a plain PUT when the cloud does not advertise glance-direct in GET /v2/info/import). ' +
      '`web-download` and `copy-image` need a URL or an image Glance already has, so a file upload still uses PUT (an upload from a URL uses web-download anyway). ' +
      'Not together with image_api_use_tasks: true (the upload then fails).',
  },
  { name: 'disable_vendor_agent', types: ['object'], description: 'Image properties added to every upload to disable the vendor agent.', default: {} },
  { name: 'image_status_code_retries', wrongTypeFails: 'always', types: INT, description: 'Retries of image calls on 503 and the like.', default: '5' },
  { name: 'baremetal_status_code_retries', wrongTypeFails: 'always', types: INT, description: 'Retries of bare metal calls on 503 and the like.', default: '5' },
  { name: 'baremetal_introspection_status_code_retries', wrongTypeFails: 'always', types: INT, description: 'Retries of introspection calls on 503 and the like.', default: '5' },
  { name: 'connect_retries', wrongTypeFails: 'always', types: INT, description: 'Retries on connection errors, for every service.' },
  { name: 'status_code_retries', wrongTypeFails: 'always', types: INT, description: 'Retries on retriable HTTP status codes, for every service.' },
  { name: 'vendor_hook', types: S, description: 'Python hook (`module:function`) a vendor uses to alter the connection.' },
  { name: 'status', types: S, description: 'Profile status (`active`, `deprecated`, `shutdown`).', values: ['active', 'deprecated', 'shutdown'], otherValues: 'openstacksdk acts only on deprecated and shutdown and takes any other status as active', default: 'active' },
  { name: 'message', types: S, description: 'Profile status message.', default: '' },
  { name: 'timing', types: B, description: 'Collect per-request timing.' },
  { name: 'cache', ...BOOLEAN_FLAG, description: 'Per-cloud cache switch (coerced to a boolean).' },
  { name: 'metrics', wrongTypeFails: 'always', types: ['object'], description: 'Per-cloud statsd/influxdb settings (override the top-level `metrics`).' },
  { name: 'auth_plugin', types: S, description: 'Old name of `auth_type`.', ignored: 'openstacksdk 0.101 never uses auth_plugin from clouds.yaml (the default auth_type wins): write auth_type' },
  { name: 'split_loggers', types: B, description: 'keystoneauth session option exposed by some CLIs.', ignored: 'openstacksdk does not read split_loggers' },
  { name: 'verbose_level', types: ['integer'], description: 'Verbosity of the CLI.' },
];

/** Keys that may follow a service prefix: `<service>_<suffix>` (CFG-SVC-1). */
export const SERVICE_KEY_SUFFIXES: readonly KeySpec[] = [
  { name: 'api_version', wrongTypeFails: 'nonEmpty', types: VERSION, description: 'Major API version of the service (a minor part other than 0 is the default microversion).', format: 'version' },
  { name: 'endpoint_override', wrongTypeFails: 'nonEmpty', types: S, description: 'Endpoint used instead of the catalog\'s (`{region_name}` and other config keys are expanded).', format: 'url' },
  { name: 'endpoint', wrongTypeFails: 'nonEmpty', types: S, description: 'Old name of `<service>_endpoint_override`.', format: 'url', deprecated: '<service>_endpoint_override' },
  { name: 'service_type', wrongTypeFails: 'always', types: S, description: 'Catalog type of the service on this cloud (e.g. `rax:database`).' },
  { name: 'service_name', wrongTypeFails: 'nonEmpty', types: S, description: 'Catalog name narrowing the service to one entry.' },
  { name: 'interface', wrongTypeFails: 'nonEmpty', types: ['string', 'array'], description: 'Endpoint interface for this service.', values: [...INTERFACES] },
  { name: 'endpoint_type', wrongTypeFails: 'nonEmpty', types: S, description: 'Old name of `<service>_interface`.', deprecated: '<service>_interface', values: [...INTERFACES] },
  { name: 'region_name', wrongTypeFails: 'nonEmpty', types: S, description: 'Region of this service when it differs from the cloud\'s.' },
  { name: 'default_microversion', types: VERSION, description: 'Microversion sent by default.' },
  { name: 'connect_retries', wrongTypeFails: 'always', types: INT, description: 'Retries on connection errors for this service.' },
  { name: 'status_code_retries', wrongTypeFails: 'always', types: INT, description: 'Retries on retriable HTTP status codes for this service.' },
  { name: 'connect_retry_delay', types: ['integer', 'number', 'string'], description: 'Delay between connection retries.', ignored: 'openstacksdk 0.101 does not read <service>_connect_retry_delay' },
  { name: 'status_code_retry_delay', types: ['integer', 'number', 'string'], description: 'Delay between status code retries.', ignored: 'openstacksdk does not read <service>_status_code_retry_delay' },
  { name: 'min_api_version', types: VERSION, description: 'Lowest acceptable API version.', ignored: 'openstacksdk does not read <service>_min_api_version from clouds.yaml' },
  { name: 'max_api_version', types: VERSION, description: 'Highest acceptable API version.', ignored: 'openstacksdk does not read <service>_max_api_version from clouds.yaml' },
  { name: 'disabled_reason', types: S, description: 'Why the service is disabled (with `has_<service>: false`).' },
  { name: 'timeout', wrongTypeFails: 'always', types: ['integer', 'number'], description: 'Old per-service timeout: sets api_timeout for every service.', deprecated: 'api_timeout' },
];

export interface ServiceType {
  type: string;
  aliases: string[];
}

/** Official service types and their aliases (os-service-types 1.7.0). */
export const SERVICE_TYPES: readonly ServiceType[] = serviceData.services;

/** Config key prefixes of the services: the type and each alias with `-` as `_`. */
export const SERVICE_PREFIXES: readonly string[] = [...new Set(SERVICE_TYPES.flatMap((s) => [s.type, ...s.aliases]).map((t) => t.replace(/-/g, '_')))];

export const NETWORK_KEYS: readonly KeySpec[] = [
  { name: 'name', types: ['string', 'integer'], description: 'Network name or ID (required).' },
  { name: 'routes_externally', ...BOOLEAN_FLAG, description: 'The network carries traffic to and from outside the cloud.', default: false },
  { name: 'routes_ipv4_externally', ...BOOLEAN_FLAG, description: 'IPv4 override of routes_externally.' },
  { name: 'routes_ipv6_externally', ...BOOLEAN_FLAG, description: 'IPv6 override of routes_externally.' },
  { name: 'nat_source', ...BOOLEAN_FLAG, description: 'Floating IPs are allocated from this (external) network.', default: false },
  { name: 'nat_destination', ...BOOLEAN_FLAG, description: 'Floating IPs attach to ports on this network (one network at most).', default: false },
  { name: 'default_interface', ...BOOLEAN_FLAG, description: 'The network used for "the" server IP and for booting (one network at most).', default: false },
];

export const REGION_KEYS: readonly KeySpec[] = [
  { name: 'name', types: ['string'], description: 'Region name (required).' },
  { name: 'values', types: ['object'], description: 'Cloud keys overriding the cloud\'s for this region.' },
];

export const TOP_LEVEL_KEYS: readonly KeySpec[] = [
  { name: 'clouds', types: ['object'], description: 'The clouds, by name.' },
  { name: 'client', types: ['object'], description: 'Client-wide settings: force_ipv4 (old name broken-ipv6), prefer_ipv6.' },
  { name: 'cache', types: ['object'], description: 'Caching: auth, expiration_time (old max_age), class, path, arguments, expiration.' },
  { name: 'metrics', types: ['object'], description: 'statsd (host, port, prefix) and influxdb settings.' },
  { name: 'ansible', types: ['object'], description: 'Settings of the Ansible OpenStack inventory plugin (use_hostnames, expand_hostvars, fail_on_errors).' },
];

export const CLIENT_KEYS: readonly KeySpec[] = [
  { name: 'force_ipv4', ...BOOLEAN_FLAG, description: 'Use IPv4 addresses even where IPv6 exists.' },
  { name: 'broken-ipv6', ...BOOLEAN_FLAG, description: 'Old name of force_ipv4.', deprecated: 'force_ipv4' },
  { name: 'prefer_ipv6', ...BOOLEAN_FLAG, description: '`false` forces IPv4.' },
];

const byName = new Map(CLOUD_KEYS.map((k) => [k.name, k]));
const suffixByName = new Map(SERVICE_KEY_SUFFIXES.map((k) => [k.name, k]));
const prefixes = new Set(SERVICE_PREFIXES);

/** `<service>_<suffix>` or `has_<service>` split into its parts, or undefined. */
export function parseServiceKey(key: string): { service: string; suffix: string; spec: KeySpec } | undefined {
  const k = key.replace(/-/g, '_');
  if (k.startsWith('has_') && prefixes.has(k.slice(4))) {
    return { service: k.slice(4), suffix: 'has', spec: { name: k, types: ['boolean'], description: `Whether the cloud offers the ${k.slice(4)} service (false disables it).` } };
  }
  for (const suffix of SERVICE_KEY_SUFFIXES) {
    if (!k.endsWith(`_${suffix.name}`)) continue;
    const service = k.slice(0, -suffix.name.length - 1);
    if (prefixes.has(service)) return { service, suffix: suffix.name, spec: { ...suffixByName.get(suffix.name)!, name: k } };
  }
  return undefined;
}

/** The spec of a cloud-level key (either spelling), including service keys; undefined when unknown. */
export function cloudKeySpec(key: string): KeySpec | undefined {
  const k = key.replace(/-/g, '_');
  return byName.get(k) ?? parseServiceKey(k)?.spec;
}

/** Every known cloud-level key name, for completion and "did you mean" (service keys of the main services). */
export function knownCloudKeyNames(): string[] {
  const main = ['compute', 'image', 'network', 'identity', 'block_storage', 'volume', 'object_store', 'dns', 'orchestration', 'load_balancer', 'placement', 'key_manager', 'baremetal', 'shared_file_system', 'database'];
  return [...CLOUD_KEYS.map((k) => k.name), ...main.flatMap((s) => SERVICE_KEY_SUFFIXES.filter((x) => !x.deprecated && !x.ignored).map((x) => `${s}_${x.name}`)), ...main.map((s) => `has_${s}`)];
}
