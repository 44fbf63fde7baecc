// An image's details: what Glance says about it, the fields a user looks for first (status,
// visibility, os_distro, size, checksums), then the other properties. Untrusted cloud text,
// bounded and escaped by yaml/untrustedYaml.ts.
import type { Image } from '../services/image';
import { formatBytes } from '../../text/table';
import type { YamlValue } from '../../yaml/emit';
import { untrustedValue, untrustedYaml } from '../../yaml/untrustedYaml';

/** Fields shown first, in this order; the rest are listed under `properties`. */
const FIRST = ['name', 'id', 'status', 'visibility', 'os_distro', 'os_version', 'disk_format', 'container_format', 'size', 'virtual_size',
  'checksum', 'os_hash_algo', 'os_hash_value', 'min_disk', 'min_ram', 'protected', 'owner', 'tags', 'created_at', 'updated_at'] as const;

/** Glance's links and internals: nothing a reader of the details needs. */
const LEFT_OUT = new Set(['self', 'file', 'schema', 'locations', 'direct_url']);

function sized(bytes: unknown): unknown {
  return typeof bytes === 'number' && Number.isFinite(bytes) ? `${bytes} (${formatBytes(bytes)})` : bytes;
}

export function imageDetails(image: Image): Record<string, YamlValue> {
  const first: Record<string, unknown> = {};
  for (const key of FIRST) {
    if (image[key] === undefined || image[key] === null) continue;
    first[key] = key === 'size' || key === 'virtual_size' ? sized(image[key]) : image[key];
  }
  const properties = Object.fromEntries(Object.entries(image)
    .filter(([k]) => !(FIRST as readonly string[]).includes(k) && !LEFT_OUT.has(k))
    .sort(([a], [b]) => a.localeCompare(b)));
  const out = untrustedValue(first) as Record<string, YamlValue>;
  out.properties = untrustedValue(properties);
  return out;
}

export function imageDetailsYaml(image: Image, where: string, at = new Date()): string {
  return untrustedYaml(imageDetails(image), [`Image details on ${where}, read-only, as the cloud answered at ${at.toISOString()}`]);
}
