// INTERIM: a minimal clouds.yaml -> CloudRegion resolution for the CLI until the config engine
// (extension/config, branch `config`) exports its resolver. Defaults, secure.yaml merge, regions
// and `-`/`_` key normalisation only: no profiles, no OS_* envvars cloud.
import os from 'node:os';
import { loadCloudsConfig } from '../config/load';
import { deref, toPlain } from '../yaml/positionedYaml';
import type { CloudRegion, CloudConfig } from '../openstack/cloudRegion';

const DEFAULTS: CloudConfig = {
  auth_type: 'password', interface: 'public', floating_ip_source: 'neutron', secgroup_source: 'neutron',
  image_api_use_tasks: false, image_format: 'qcow2', network_api_version: '2', object_store_api_version: '1',
  verify: true, disable_vendor_agent: {},
};

type Plain = Record<string, unknown>;

function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Plain).map(([k, v]) => [k.replace(/-/g, '_'), normalize(v)]));
  }
  return value;
}

function deepMerge(base: Plain, over: Plain): Plain {
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = b && v && typeof b === 'object' && typeof v === 'object' && !Array.isArray(b) && !Array.isArray(v) ? deepMerge(b as Plain, v as Plain) : v;
  }
  return out;
}

export interface LoadedRegions {
  file?: string;
  regions: CloudRegion[];
}

export async function loadCloudRegions(cloudsFile?: string): Promise<LoadedRegions> {
  const loaded = await loadCloudsConfig({
    environment: { cwd: process.cwd(), env: process.env, home: os.homedir(), platform: process.platform },
    cloudsFile: cloudsFile ?? process.env.OPENSTACK_CLOUDS_FILE,
  });
  const plainOf = (kind: 'clouds' | 'secure') => {
    const root = deref(loaded.files[kind]?.yaml.documents[0]?.root);
    const clouds = ((root ? toPlain(root) : {}) as Plain)?.clouds as Record<string, Plain> | undefined;
    // Key normalisation applies inside each cloud, never to the cloud names themselves.
    return clouds && Object.fromEntries(Object.entries(clouds).map(([name, entry]) => [name, normalize(entry) as Plain]));
  };
  const clouds = plainOf('clouds') ?? {};
  const secure = plainOf('secure') ?? {};
  const regions: CloudRegion[] = [];
  for (const [name, entryRaw] of Object.entries(clouds)) {
    const entry = deepMerge(entryRaw ?? {}, secure[name] ?? {});
    const { regions: regionList, ...rest } = entry;
    const base = deepMerge(DEFAULTS, rest);
    const list = Array.isArray(regionList) ? regionList : String(entry.region_name ?? '').split(',').map((r) => r.trim());
    for (const item of list.length ? list : ['']) {
      const regionName = typeof item === 'string' ? item : String((item as Plain).name ?? '');
      const values = typeof item === 'object' && item ? ((item as Plain).values as Plain | undefined) ?? {} : {};
      const config = deepMerge(base, values) as CloudConfig;
      config.region_name = regionName;
      regions.push({ name, region_name: regionName, config });
    }
  }
  return { file: loaded.files.clouds?.path, regions };
}
