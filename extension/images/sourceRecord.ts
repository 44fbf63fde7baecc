// Our record of an official image on a cloud: the Glance properties `upload REF` sets (the
// source and build, the sha256 of the distributor's file, the digest the distributor published)
// and how the image matrix reads them back. Moved here from cli/ so the editor uses the same.
import type { FetchResult } from '../baseImages/fetchImage';
import type { Image } from '../openstack/services/image';

/** Glance properties of a fetched image (values ≤ 255 characters, as Glance allows). */
export function sourceProperties(fetched: FetchResult): Record<string, string> {
  const { record, image } = fetched;
  const props: Record<string, string> = {
    ...image.properties,
    openstack_clouds_source: `${record.ref}@${record.version}`,
    openstack_clouds_sha256: record.hashes.sha256!,
    openstack_clouds_published_digest: `${record.digest.algorithm}:${record.digest.hex}`,
  };
  if (image.url.length <= 255) props.openstack_clouds_source_url = image.url;
  return props;
}

/** The default image name: source, release, arch and build, so a new build is a new image. */
export function sourceImageName(fetched: FetchResult): string {
  const { image } = fetched;
  return `${image.source}-${image.properties.os_version ?? image.ref.release}-${image.ref.arch}-${image.version}`;
}

export interface SourceOf {
  /** `debian:12/x86_64`: what fetch, upload and sync take. */
  ref: string;
  version: string;
  sha256: string;
  published?: { algorithm: string; hex: string };
}

const SHA256 = /^[0-9a-f]{64}$/;
const DIGEST = /^(sha256|sha512|sha384|sha1|md5):([0-9a-f]{32,128})$/;
const REF = /^[a-z][a-z0-9-]*:[A-Za-z0-9._-]{1,64}\/[a-z0-9_]{1,16}$/;

/**
 * What an image says it was made from, when it carries our record (any cloud user may set these
 * properties: they are labels to group by, not proof; the proof is os_hash_value, see endToEnd).
 */
export function sourceOf(image: Image): SourceOf | undefined {
  const sha256 = typeof image.openstack_clouds_sha256 === 'string' ? image.openstack_clouds_sha256.toLowerCase() : '';
  if (!SHA256.test(sha256)) return undefined;
  const source = typeof image.openstack_clouds_source === 'string' ? image.openstack_clouds_source : '';
  const at = source.lastIndexOf('@');
  const ref = at > 0 ? source.slice(0, at) : '';
  const version = at > 0 ? source.slice(at + 1, at + 65) : '';
  const digest = DIGEST.exec(typeof image.openstack_clouds_published_digest === 'string' ? image.openstack_clouds_published_digest.toLowerCase() : '');
  return {
    ref: REF.test(ref) ? ref : '',
    version,
    sha256,
    ...(digest ? { published: { algorithm: digest[1]!, hex: digest[2]! } } : {}),
  };
}

export type Verified = 'verified' | 'mismatch' | 'not-compared';

/**
 * Whether the cloud's hash of what it stores is the distributor's published digest. A copy in
 * another format than the distributor's qcow2 was converted on the way: other bytes, not compared.
 */
export function endToEnd(image: Image, source: SourceOf | undefined): Verified {
  const published = source?.published;
  const algo = image.os_hash_algo?.toLowerCase();
  if (!published || !algo || !image.os_hash_value || algo !== published.algorithm) return 'not-compared';
  if (image.os_hash_value.toLowerCase() === published.hex) return 'verified';
  return image.disk_format === undefined || image.disk_format === 'qcow2' ? 'mismatch' : 'not-compared';
}
