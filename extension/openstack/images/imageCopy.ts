// An image of one cloud onto others ("Copy to Other Clouds…"): its data read once through the
// source Glance (GET /v2/images/{id}/file with the source cloud's own session, so its token never
// meets a target) and streamed to every target by the upload methods, as a URL upload streams its
// one GET (urlSource.ts, no temp file). Its formats and the properties that say what it is travel
// with it. Each copy's stored hash is compared with what we read, and what we read with the
// source's own os_hash: the bytes are checked from the source's store to each target's.
import type { Session } from '../session';
import * as glance from '../services/image';
import { limiter } from '../limiter';
import type { ProgressListener } from './progress';
import type { EndToEnd } from './sourceImageUpload';
import { failure } from './uploadContext';
import { discard } from '../http/limits';
import { MAX_URL_IMAGE_BYTES, UrlFetchError, UrlSource, type BodyFetch, type UrlDigests } from './urlSource';
import { discardCopy } from './deleteImage';
import { streamTo, type UrlTargetResult } from './urlUpload';

export interface ImageCopyOptions {
  /** The copies' name; default the source image's. */
  name?: string;
  concurrency?: number;
  maxBytes?: number;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export interface ImageCopyReport {
  source: glance.Image;
  results: UrlTargetResult[];
  /** What we read against the source's own os_hash (undefined when the read did not complete). */
  sourceChecksum?: EndToEnd;
  bytesRead: number;
}

/**
 * Properties that say what the image is and how to boot it, copied as they are; the rest (Glance's
 * own fields, store locations, another tool's bookkeeping, our upload records) stays behind.
 */
const CARRIED = /^(os_distro|os_version|os_type|os_admin_user|architecture|hypervisor_type|hw_[a-z0-9_]+|img_[a-z0-9_]+|openstack_clouds_source(_[a-z_]+)?)$/;

export function carriedProperties(image: glance.Image): Record<string, string> {
  return Object.fromEntries(Object.entries(image).filter(([k, v]) => CARRIED.test(k) && typeof v === 'string') as [string, string][]);
}

function sourceRead(from: Session, image: glance.Image, label: string, maxBytes: number): BodyFetch {
  return async (signal) => {
    const data = await glance.downloadImageData(from, image.id, signal);
    if (!data) throw new UrlFetchError(`${label}: Glance has no data for it`);
    const problem = !Number.isSafeInteger(data.size) || data.size <= 0 ? 'Glance sends no Content-Length for its data'
      : data.size > maxBytes ? `${data.size} bytes is more than the ${maxBytes} allowed`
        : image.size && data.size !== image.size ? `Glance sends ${data.size} bytes for an image of ${image.size}` : undefined;
    if (problem) {
      discard(data.body);
      throw new UrlFetchError(`${label}: ${problem}`);
    }
    return data;
  };
}

/** The source's stored hash against the bytes we read from it. */
export function compareSource(image: glance.Image, digests: UrlDigests | undefined): EndToEnd | undefined {
  if (!digests) return undefined;
  const algo = image.os_hash_algo?.toLowerCase() ?? '';
  const ours = (digests as unknown as Record<string, string | undefined>)[algo];
  if (ours && image.os_hash_value) {
    return ours === image.os_hash_value.toLowerCase()
      ? { state: 'match', detail: `${algo} of what was read is the source's` }
      : { state: 'mismatch', detail: `${algo} of what was read is not the source's os_hash_value` };
  }
  if (image.checksum) {
    return digests.md5 === image.checksum.toLowerCase()
      ? { state: 'match', detail: "md5 of what was read is the source's checksum" }
      : { state: 'mismatch', detail: "md5 of what was read is not the source's checksum" };
  }
  return { state: 'not-compared', detail: 'the source reports no hash of its data' };
}

export async function copyImage(from: Session, imageId: string, targets: Session[], options: ImageCopyOptions = {}): Promise<ImageCopyReport> {
  const { signal } = options;
  const image = await glance.showImage(from, imageId, signal);
  if (!image) throw failure({ session: from }, `image ${imageId} not found`);
  if (image.status !== 'active') throw failure({ session: from }, `image ${image.name} is ${image.status}: only an active image can be copied`);
  if (!image.disk_format) throw failure({ session: from }, `image ${image.name} has no disk_format`);
  const label = `image ${image.name} of ${from.label}`;
  const source = await UrlSource.fromFetch(label, sourceRead(from, image, label, options.maxBytes ?? MAX_URL_IMAGE_BYTES), async () => undefined, targets.length, { signal });
  const common = {
    name: options.name ?? image.name, diskFormat: image.disk_format, containerFormat: image.container_format,
    properties: carriedProperties(image), signal, onProgress: options.onProgress,
  };
  const limit = limiter(options.concurrency ?? 6);
  try {
    const results = await Promise.all(targets.map(async (target): Promise<UrlTargetResult> => ({
      target: target.label, format: image.disk_format!, via: 'stream', ...(await streamTo(target, source, common, limit)),
    })));
    const sourceChecksum = compareSource(image, await source.digestsAfterRead());
    if (sourceChecksum?.state === 'mismatch') await undoCopies(targets, results, `${label}: ${sourceChecksum.detail}`);
    return { source: image, results, sourceChecksum, bytesRead: source.sharedBytes + source.ownBytes };
  } finally {
    await source.close();
  }
}

/** What was read is not what the source stores: no copy of it may stay. */
async function undoCopies(targets: Session[], results: UrlTargetResult[], why: string): Promise<void> {
  await Promise.all(results.map(async (r, i) => {
    if (r.result) results[i] = { target: r.target, format: r.format, via: r.via, error: await discardCopy(targets[i], r.result, why) };
  }));
}
