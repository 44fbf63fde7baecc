// An official base image (fetched and verified by baseImages/) onto many clouds: the usual
// fan-out upload with Glance's common properties and our record of the source, then, where the
// cloud reports os_hash_algo/os_hash_value for what it stored, a comparison with the digest the
// distributor published (when the algorithms match): verified end to end.
import type { Session } from '../session';
import { showImage, type Image } from '../services/image';
import { discardCopy } from './deleteImage';
import { fanOutUpload, type FanOutOptions, type FanOutReport } from './fanOutUpload';

export interface SourceImage {
  file: string;
  name: string;
  /** os_distro, os_version, architecture, openstack_clouds_* (all strings, as Glance wants). */
  properties: Record<string, string>;
  /** The digest the distributor published for the file. */
  published: { algorithm: string; hex: string };
}

export type EndToEnd =
  | { state: 'match' | 'mismatch'; detail: string }
  | { state: 'not-compared'; detail: string };

/** Glance's hash of what it stored against the published digest. */
export function compareStoredHash(image: Image, published: SourceImage['published'], convertedFrom?: string): EndToEnd {
  if (convertedFrom) return { state: 'not-compared', detail: `converted from ${convertedFrom} on the way: the cloud stores other bytes than the distributor's` };
  const algo = image.os_hash_algo?.toLowerCase();
  if (!algo || !image.os_hash_value) return { state: 'not-compared', detail: 'the cloud reports no os_hash_value' };
  if (algo !== published.algorithm) return { state: 'not-compared', detail: `the cloud hashes with ${algo}, the distributor publishes ${published.algorithm}` };
  return image.os_hash_value.toLowerCase() === published.hex
    ? { state: 'match', detail: `the cloud's ${algo} of the stored image is the distributor's published ${algo}` }
    : { state: 'mismatch', detail: `the cloud's ${algo} ${image.os_hash_value.slice(0, 16)}… is not the distributor's ${published.hex.slice(0, 16)}…` };
}

export interface SourceUploadReport extends FanOutReport {
  /** By target label, for the targets that uploaded (a mismatch is also a failed result: its image was deleted). */
  endToEnd: Map<string, EndToEnd>;
}

export async function uploadSourceImage(sessions: Session[], source: SourceImage, options: Omit<FanOutOptions, 'file' | 'name' | 'properties'>): Promise<SourceUploadReport> {
  const report = await fanOutUpload(sessions, { ...options, file: source.file, name: source.name, properties: source.properties });
  const endToEnd = new Map<string, EndToEnd>();
  await Promise.all(report.results.map(async (r, i) => {
    if (!r.result) return;
    const session = sessions.find((s) => s.label === r.target)!;
    let image = r.result.image;
    // An image returned before Glance finished hashing lacks the fields: ask once more.
    if (!image.os_hash_value) image = (await showImage(session, image.id, options.signal).catch(() => undefined)) ?? image;
    const compared = compareStoredHash(image, source.published, r.convertedFrom);
    endToEnd.set(r.target, compared);
    // The cloud stores other bytes than the distributor published: not the image, so it may not stay.
    if (compared.state === 'mismatch') report.results[i] = { target: r.target, format: r.format, error: await discardCopy(session, r.result, `checksum mismatch: ${compared.detail}`) };
  }));
  return { ...report, endToEnd };
}
