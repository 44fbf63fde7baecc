// A typed view of one resolved cloud region: `config` is exactly openstacksdk's CloudRegion.config
// (snake_case keys, defaults merged) as the config engine produces it. Everything the client needs
// from it is read here, so the rest of the core never touches raw keys.
import { expandUser, tlsVerification } from '../config/tls';

/** What the client needs of the config engine's CloudRegion (extension/config/types.ts). */
export interface CloudRegion {
  name: string;
  region_name: string;
  config: CloudConfig;
  force_ipv4?: boolean;
}

export type CloudConfig = Record<string, unknown> & { auth?: Record<string, unknown> };

/** Official service types and the aliases accepted for them (os-service-types, CFG-SVC-3). */
const SERVICE_ALIASES: Record<string, string[]> = {
  'block-storage': ['volumev3', 'volumev2', 'volume', 'block-store'],
  'shared-file-system': ['sharev2', 'share'],
  baremetal: ['bare-metal'],
  clustering: ['resource-cluster', 'cluster'],
  workflow: ['workflowv2'],
  'application-container': ['container'],
  meter: ['metering', 'telemetry'],
};

export function serviceTypes(official: string): string[] {
  return [official, ...(SERVICE_ALIASES[official] ?? [])];
}

export interface NetworkSetting {
  name: string;
  routesIpv4Externally?: boolean;
  routesIpv6Externally?: boolean;
  natDestination: boolean;
  natSource: boolean;
  defaultInterface: boolean;
}

export interface TlsSettings {
  verify: boolean;
  /** The CA bundle (file or directory) that verifies the server; none = the system CAs. */
  cacert?: string;
  /** The clouds.yaml key that named that bundle (`verify: /path` is a bundle too, as in requests). */
  cacertKey?: 'cacert' | 'verify';
  cert?: string;
  key?: string;
}

function str(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return String(value);
}

/** openstacksdk's bool rule: true or the string "true" (any case); everything else is false. */
export function truthy(value: unknown, fallback = false): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  return String(value).toLowerCase() === 'true';
}

export class CloudSettings {
  constructor(readonly region: CloudRegion) {}

  get cloud(): string { return this.region.name; }
  get regionName(): string { return this.region.region_name ?? str(this.config.region_name) ?? ''; }
  get config(): CloudConfig { return this.region.config ?? {}; }
  get auth(): Record<string, unknown> { return (this.config.auth as Record<string, unknown>) ?? {}; }
  get authType(): string { return str(this.config.auth_type) ?? 'password'; }
  /** "cloud/region" or just "cloud": how we name a target to the user. */
  get label(): string { return this.regionName ? `${this.cloud}/${this.regionName}` : this.cloud; }

  value(key: string): unknown { return this.config[key]; }
  text(key: string): string | undefined { return str(this.config[key]); }

  /** `<service>_<key>` for the official type and its aliases, first set value wins (CFG-SVC-1). */
  serviceSetting(serviceType: string, key: string): string | undefined {
    for (const type of serviceTypes(serviceType)) {
      const v = str(this.config[`${type.replace(/-/g, '_')}_${key}`]);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  identityApiVersion(): string | undefined { return this.text('identity_api_version'); }
  imageApiVersion(): string | undefined { return this.serviceSetting('image', 'api_version'); }
  imageApiUseTasks(): boolean { return truthy(this.config.image_api_use_tasks); }
  imageFormat(): string { return this.text('image_format') ?? 'qcow2'; }
  /** Our own key (not openstacksdk's): upload through interoperable import instead of PUT. */
  imageImportMethod(): string | undefined {
    return this.text('image_import_method') ?? (truthy(this.config.use_import) ? 'glance-direct' : undefined);
  }

  interfaceFor(serviceType: string): string[] {
    const raw = this.serviceSetting(serviceType, 'interface') ?? this.config.interface ?? 'public';
    const list = Array.isArray(raw) ? raw.map(String) : [String(raw)];
    return list.map((i) => i.replace(/URL$/, ''));
  }
  regionFor(serviceType: string): string { return this.serviceSetting(serviceType, 'region_name') ?? this.regionName; }
  endpointOverride(serviceType: string): string | undefined {
    return this.serviceSetting(serviceType, 'endpoint_override') ?? this.serviceSetting(serviceType, 'endpoint');
  }
  serviceTypeFor(serviceType: string): string { return this.serviceSetting(serviceType, 'service_type') ?? serviceType; }
  serviceNameFor(serviceType: string): string | undefined { return this.serviceSetting(serviceType, 'service_name'); }

  /** openstacksdk's get_requests_verify_args as requests reads it (extension/config/tls.ts). */
  tls(): TlsSettings {
    const home = process.env.HOME;
    const v = tlsVerification(this.config, home);
    const cert = this.text('cert');
    const key = cert ? this.text('key') : undefined;
    const ca = v.verify && v.ca === 'file' ? { cacert: v.path, cacertKey: v.from } : {};
    return { verify: v.verify, ...ca, cert: cert && expandUser(cert, home), key: key && expandUser(key, home) };
  }

  /** `api_timeout` in milliseconds, or undefined when the cloud sets none. */
  apiTimeoutMs(): number | undefined {
    const t = Number(this.config.api_timeout);
    return Number.isFinite(t) && t > 0 ? t * 1000 : undefined;
  }

  floatingIpSource(): 'neutron' | 'nova' | undefined {
    const v = this.text('floating_ip_source') ?? 'neutron';
    if (v.toLowerCase() === 'none') return undefined;
    return v === 'nova' ? 'nova' : 'neutron';
  }
  isPrivate(): boolean { return truthy(this.config.private); }
  useExternalNetwork(): boolean { return truthy(this.config.use_external_network, true); }
  forceIpv4(): boolean { return this.region.force_ipv4 ?? truthy(this.config.force_ipv4); }

  networks(): NetworkSetting[] {
    const raw = Array.isArray(this.config.networks) ? (this.config.networks as Record<string, unknown>[]) : [];
    return raw.filter((n) => n && str(n.name)).map((n) => {
      const ext = n.routes_externally === undefined ? undefined : truthy(n.routes_externally);
      return {
        name: String(n.name),
        routesIpv4Externally: n.routes_ipv4_externally === undefined ? ext : truthy(n.routes_ipv4_externally),
        routesIpv6Externally: n.routes_ipv6_externally === undefined ? ext : truthy(n.routes_ipv6_externally),
        natDestination: truthy(n.nat_destination),
        natSource: truthy(n.nat_source),
        defaultInterface: truthy(n.default_interface),
      };
    });
  }

  /** The literal secrets of this cloud, to be scrubbed from every message we produce. */
  secrets(): string[] {
    const keys = ['password', 'token', 'auth_token', 'application_credential_secret', 'passcode', 'client_secret', 'access_token'];
    return keys.map((k) => str(this.auth[k]) ?? str(this.config[k])).filter((s): s is string => !!s);
  }
}
