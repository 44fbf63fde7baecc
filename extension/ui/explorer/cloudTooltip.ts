// The cloud row's tooltip: where the cloud is defined, then its auth_url, user and project and
// where each came from (clouds.yaml, secure.yaml, the OS_* environment, its vendor profile), so
// that "which file wins?" has an answer without reading both files. Only these non-secret keys
// are ever shown. Plain text (a tooltip string is not Markdown), values bounded. No `vscode` here.
import path from 'node:path';
import { locateInCloud, type LoadedConfig, type ResolvedCloud } from '../../config/index';

/** The keys shown, in order: the first of each group that the cloud has. */
const SHOWN: readonly (readonly string[])[] = [
  ['auth_url'],
  ['username', 'user_id', 'application_credential_name', 'application_credential_id'],
  ['project_name', 'project_id', 'tenant_name', 'tenant_id'],
];

const MAX_VALUE = 200;

export interface Origin {
  key: string;
  value: string;
  /** `clouds.yaml`, `secure.yaml`, `OS_* environment`, `profile "name"` or `clouds-public.yaml`. */
  from: string;
}

/** Where a key of the cloud's auth came from: the file that sets it (secure.yaml wins), else the environment or the profile. */
function originOf(loaded: LoadedConfig, cloud: ResolvedCloud, key: string): string {
  const definition = cloud.definition;
  if (definition.source === 'environment') return 'OS_* environment';
  const where = locateInCloud(loaded, definition, [['auth', key], [key]]);
  if (where.range !== definition.range) {
    const kind = (['secure', 'clouds'] as const).find((k) => loaded.files[k]?.path === where.file);
    return kind ? path.basename(loaded.files[kind]!.path) : where.file;
  }
  const profile = cloud.regions[0]?.config.profile;
  return typeof profile === 'string' && profile ? `profile "${profile}"` : 'defaults';
}

export function cloudOrigins(loaded: LoadedConfig, cloud: ResolvedCloud): Origin[] {
  const auth = cloud.regions[0]?.config.auth ?? {};
  const origins: Origin[] = [];
  for (const group of SHOWN) {
    const key = group.find((k) => typeof auth[k] === 'string' && auth[k] !== '');
    if (!key) continue;
    const value = String(auth[key]);
    origins.push({ key, value: value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE)}…` : value, from: originOf(loaded, cloud, key) });
  }
  return origins;
}

export function cloudTooltip(loaded: LoadedConfig, cloud: ResolvedCloud): string {
  const d = cloud.definition;
  const where = d.file ? `${d.file}:${d.range.start.line + 1}` : 'OS_* environment variables';
  return [`${cloud.name} (${where})`, ...cloudOrigins(loaded, cloud).map((o) => `${o.key}: ${o.value}  ← ${o.from}`)].join('\n');
}
