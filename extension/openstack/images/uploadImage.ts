// uploadImage: one image file onto one cloud region, by the method that cloud needs (§3.1),
// skipped when an image of that name with the same content is already there (§3.7), retried on
// transient failures, and leaving nothing behind when it fails or is cancelled.
import type { Session } from '../session';
import { OpenStackError, isAbortError } from '../errors';
import { backoffMs, sleep } from '../http/retryPolicy';
import * as glance from '../services/image';
import type { Image } from '../services/image';
import type { Hashes, ImageData } from './imageFile';
import { ProgressMeter, type ProgressListener } from './progress';
import { CleanupList, TASK_CONTAINER, failure, hashProperties, isRetriableUploadFailure, type MethodRunner, type UploadContext, type UploadMethod } from './uploadContext';
import { uploadByGlanceDirect, uploadByPut, uploadByV1, uploadByWebDownload } from './glanceUploads';
import { uploadByTask } from './taskUpload';

export interface UploadImageOptions {
  name: string;
  /** disk_format to record; default: the file's real format. */
  diskFormat?: string;
  containerFormat?: string;
  /** Force a method; default: what the cloud's config asks for (§3.1). */
  method?: UploadMethod;
  /** web-download: the URL glance fetches the image from. */
  sourceUrl?: string;
  visibility?: string;
  properties?: Record<string, string>;
  allowDuplicates?: boolean;
  segmentSize?: number;
  importTimeoutMs?: number;
  attempts?: number;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export interface UploadResult {
  target: string;
  method: UploadMethod;
  image: Image;
  skipped: boolean;
  attempts: number;
  seconds: number;
}

const RUNNERS: Record<UploadMethod, MethodRunner> = {
  put: uploadByPut,
  v1: uploadByV1,
  'glance-direct': uploadByGlanceDirect,
  'web-download': uploadByWebDownload,
  tasks: uploadByTask,
};

export function chooseMethod(session: Session, options: Pick<UploadImageOptions, 'method' | 'sourceUrl'>): UploadMethod {
  if (options.method) return options.method;
  if (options.sourceUrl) return 'web-download';
  const s = session.settings;
  if (s.imageApiUseTasks()) return 'tasks';
  if (s.imageApiVersion()?.startsWith('1')) return 'v1';
  return s.imageImportMethod() === 'glance-direct' ? 'glance-direct' : 'put';
}

/** GL-DEDUP-3: same name and one of our stored hashes, or glance's own md5, matches the file. */
export function upToDate(images: Image[], hashes: Hashes): Image | undefined {
  return images.find((img) => {
    if (img.status !== 'active') return false;
    const claims = [
      [img['owner_specified.openstack.sha256'], hashes.sha256], [img['owner_specified.openstack.md5'], hashes.md5],
      [img['owner_specified.shade.sha256'], hashes.sha256], [img['owner_specified.shade.md5'], hashes.md5],
    ].filter(([stored]) => typeof stored === 'string' && stored);
    if (claims.length) return claims.every(([stored, local]) => stored === local);
    return img.checksum === hashes.md5;
  });
}

export async function uploadImage(session: Session, data: ImageData | undefined, options: UploadImageOptions): Promise<UploadResult> {
  const started = performance.now(); // monotonic: a stepped wall clock misreports a duration
  const method = chooseMethod(session, options);
  const meter = new ProgressMeter(session.label, data?.size ?? 0, options.onProgress);
  const result = (image: Image, skipped: boolean, attempts: number): UploadResult => {
    meter.setPhase(skipped ? 'skipped' : 'done');
    return { target: session.label, method, image, skipped, attempts, seconds: (performance.now() - started) / 1000 };
  };
  try {
    if (data && !options.allowDuplicates) {
      meter.setPhase('checking');
      const sameName = await glance.findImagesByName(session, options.name, options.signal);
      if (sameName.length) {
        meter.setPhase('hashing');
        const existing = upToDate(sameName, await data.hashes(options.signal));
        if (existing) return result(existing, true, 0);
      }
    }
    const maxAttempts = options.attempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      const ctx = context(session, data, method, options, meter);
      try {
        return result(await RUNNERS[method](ctx), false, attempt);
      } catch (e) {
        await ctx.cleanup.runAll();
        const leftover = ctx.cleanup.failures.length ? ` (cleanup incomplete: ${ctx.cleanup.failures.join('; ')})` : '';
        if (attempt < maxAttempts && isRetriableUploadFailure(e) && !options.signal?.aborted) {
          meter.setPhase('retrying', (e as Error).message);
          await sleep(backoffMs(attempt), options.signal);
          continue;
        }
        throw named(session, e, leftover, options.signal);
      }
    }
  } catch (e) {
    meter.setPhase('failed', (e as Error).message);
    throw named(session, e, '', options.signal);
  }
}

function context(session: Session, data: ImageData | undefined, method: UploadMethod, options: UploadImageOptions, meter: ProgressMeter): UploadContext {
  const container = TASK_CONTAINER;
  const known = data?.knownHashes();
  return {
    session,
    data,
    sourceUrl: options.sourceUrl,
    name: options.name,
    diskFormat: options.diskFormat ?? data?.format ?? session.settings.imageFormat(),
    containerFormat: options.containerFormat ?? 'bare',
    fields: options.visibility ? { visibility: options.visibility } : {},
    properties: { ...options.properties, ...(method === 'tasks' || !data ? {} : hashProperties(known, container, options.name)) },
    meter,
    signal: options.signal,
    container,
    segmentSize: options.segmentSize,
    importTimeoutMs: options.importTimeoutMs ?? 15 * 60_000,
    cleanup: new CleanupList(),
  };
}

/** Every failure leaves here as an OpenStackError naming the cloud; cancel stays recognisable. */
function named(session: Session, e: unknown, suffix: string, signal?: AbortSignal): OpenStackError {
  const s = session.settings;
  if (e instanceof OpenStackError && e.message.includes('upload cancelled')) return e;
  if (signal?.aborted || isAbortError(e)) {
    return new OpenStackError(`upload cancelled${suffix}`, { cloud: s.cloud, region: s.regionName || undefined, service: 'image', kind: 'cancelled', secrets: session.secrets() });
  }
  if (e instanceof OpenStackError && !suffix) return e;
  if (e instanceof OpenStackError) return new OpenStackError(`${e.message.replace(/^[^:]*: /, '')}${suffix}`, { cloud: s.cloud, region: s.regionName || undefined, kind: e.kind, secrets: session.secrets() });
  return failure({ session }, `upload failed: ${(e as Error).message}${suffix}`);
}
