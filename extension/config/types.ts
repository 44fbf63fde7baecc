// The contract between the config engine and its consumers (the OpenStack client core, the tree,
// the CLI): one CloudRegion per (cloud, region), whose `config` equals openstacksdk's
// `CloudRegion.config` (snake_case keys, values as openstacksdk 0.101.0 leaves them: numbers
// from YAML become strings except `api_timeout`/`verbose_level`, booleans stay booleans).

/** One normalised entry of `networks` (CFG-NET-1/2). */
export interface NetworkConfig {
  name: string;
  routes_externally: boolean;
  routes_ipv4_externally: boolean;
  routes_ipv6_externally: boolean;
  nat_source: boolean;
  nat_destination: boolean;
  default_interface: boolean;
}

/**
 * The keys every resolved config has, plus whatever else the cloud, its profile or its region
 * set (`<service>_api_version`, `<service>_endpoint_override`, `<service>_interface`, `cacert`,
 * `identity_api_version`, `profile`, ...), all with `_` in their names.
 */
export interface CloudConfig {
  /** The auth plugin's options only (CFG-AUTH-4), under their keystoneauth names; secrets included. */
  auth: Record<string, unknown>;
  /** keystoneauth plugin name (`password`, `v3applicationcredential`, `none`, ...). */
  auth_type: string;
  /** '' when the cloud lists no region ("let the catalog decide"). */
  region_name: string;
  /** `public` | `internal` | `admin` (or whatever the user wrote; a list is allowed). */
  interface: string | string[];
  /** TLS verification as written (the CA bundle is in `cacert`; `insecure: true` also disables it, CFG-TLS-1). */
  verify: boolean | string;
  cacert: string | null;
  cert: string | null;
  key: string | null;
  /** Seconds; a number when written as an int, a string when written as a float, null = none. */
  api_timeout: number | string | null;
  networks: NetworkConfig[];
  floating_ip_source: string;
  secgroup_source: string;
  image_format: string;
  image_api_use_tasks: boolean;
  /** Ours, as written (openstacksdk ignores it): the Glance import method for uploads, e.g. 'glance-direct'. */
  image_import_method?: string;
  disable_vendor_agent: Record<string, unknown>;
  image_status_code_retries: string;
  baremetal_status_code_retries: string;
  baremetal_introspection_status_code_retries: string;
  network_api_version: string;
  object_store_api_version: string;
  status: string;
  message: string;
  [key: string]: unknown;
}

export interface CloudRegion {
  /** The cloud's name in clouds.yaml (or `envvars`). */
  name: string;
  /** Same as `config.region_name`. */
  region_name: string;
  config: CloudConfig;
  /** openstacksdk's `CloudRegion.force_ipv4` (client.force_ipv4, OS_FORCE_IPV4, prefer_ipv6: false). */
  force_ipv4: boolean;
  /**
   * Secret auth options the auth plugin needs that no file supplies (e.g. `['password']`): ask the
   * user, keep the answer in SecretStorage, resolve again with `secrets`. Not part of openstacksdk's config.
   */
  missing_secrets: string[];
}
