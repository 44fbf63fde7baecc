// A published image at an http(s) URL onto many clouds: a cloud that offers Glance's web-download
// import fetches it itself; for the others we GET it once and stream the body to each (urlSource.ts,
// no temp file). Where we read the bytes, Glance's os_hash of what it stored is compared with ours.
import type { Session } from '../session';
import { OpenStackError } from '../errors';
import * as glance from '../services/image';
import { limiter, type Limit } from '../limiter';
import type { TargetResult } from './fanOutUpload';
import type { ProxySettings } from '../http/proxySettings';
import type { ProgressListener } from './progress';
import { ProgressMeter } from './progress';
import { discardCopy } from './deleteImage';
import { compareStoredHash, type EndToEnd } from './sourceImageUpload';
import { failure } from './uploadContext';
import { uploadImage, type UploadImageOptions, type UploadResult } from './uploadImage';
import { UrlFetchError, UrlSource, displayUrl, imageUrlProblem, type UrlDigests } from './urlSource';

export interface UrlUploadOptions {
  url: string;
  name: string;
  diskFormat: string;
  containerFormat?: string;
  visibility?: string;
  properties?: Record<string, string>;
  concurrency?: number;
  maxBytes?: number;
  timeoutMs?: number;
  /** The proxy for the URL's own host (the editor's); default: the environment's. */
  proxy?: ProxySettings;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export interface UrlTargetResult extends TargetResult {
  /** How the image reached the cloud: its own web-download import, or our stream. */
  via: 'web-download' | 'stream';
  /** Glance's os_hash against the bytes we read (when we read them). */
  checksum?: EndToEnd;
}

export interface UrlUploadReport {
  results: UrlTargetResult[];
  /** Bytes we read from the URL (0 when every cloud imported it itself). */
  bytesRead: number;
}

/** Web-download where the cloud offers it (interoperable import, /v2/info/import). */
export async function offersWebDownload(session: Session, signal?: AbortSignal): Promise<boolean> {
  const s = session.settings;
  if (s.imageApiUseTasks() || s.imageApiVersion()?.startsWith('1')) return false;
  return (await glance.importMethods(session, signal)).includes('web-download');
}

/** Glance's hash of the stored image against the one we computed while streaming. */
export async function compareWithRead(session: Session, image: glance.Image, digests: UrlDigests | undefined, signal?: AbortSignal): Promise<EndToEnd> {
  if (!digests) return { state: 'not-compared', detail: 'the URL was not read completely here' };
  let stored = image;
  if (!stored.os_hash_value) stored = (await glance.showImage(session, image.id, signal).catch(() => undefined)) ?? image;
  const algo = stored.os_hash_algo?.toLowerCase() ?? '';
  const ours = (digests as unknown as Record<string, string>)[algo];
  if (!ours) return { state: 'not-compared', detail: algo ? `the cloud hashes with ${algo}` : 'the cloud reports no os_hash_value' };
  const r = compareStoredHash(stored, { algorithm: algo, hex: ours });
  // Said of the bytes we read (from a URL, or from another cloud's Glance), not of a distributor.
  if (r.state === 'match') return { state: 'match', detail: `the cloud's ${algo} of the stored image is the ${algo} of the bytes read` };
  if (r.state === 'mismatch') return { state: 'mismatch', detail: `the cloud's ${algo} ${stored.os_hash_value!.slice(0, 16)}… is not the ${algo} of the bytes read (${ours.slice(0, 16)}…)` };
  return r;
}

/** Glance's hash of what it stored against what we read; a mismatch discards the copy. */
async function checkedAgainstRead(session: Session, result: UploadResult, digests: UrlDigests | undefined, signal?: AbortSignal): Promise<{ result: UploadResult; checksum: EndToEnd } | { error: Error; checksum: EndToEnd }> {
  const checksum = await compareWithRead(session, result.image, digests, signal);
  if (checksum.state === 'mismatch') return { checksum, error: await discardCopy(session, result, `checksum mismatch: ${checksum.detail}`) };
  return { result, checksum };
}

/** One target's upload of a shared read, and Glance's hash of what it stored against what we read. */
export async function streamTo(session: Session, source: UrlSource, options: UploadImageOptions & { diskFormat: string }, limit: Limit): Promise<{ result: UploadResult; checksum: EndToEnd } | { error: Error; checksum?: EndToEnd }> {
  const data = source.data(options.diskFormat);
  try {
    // No same-name check: it would need the source's hashes before the one read.
    const result = await limit(() => uploadImage(session, data, { ...options, allowDuplicates: true }));
    return await checkedAgainstRead(session, result, await source.digestsAfterRead(), options.signal);
  } catch (e) {
    return { error: e as Error };
  } finally {
    data.settle();
  }
}

export async function uploadFromUrl(sessions: Session[], options: UrlUploadOptions): Promise<UrlUploadReport> {
  const problem = imageUrlProblem(options.url);
  if (problem) throw new UrlFetchError(`${displayUrl(options.url)}: ${problem}`);
  const { signal } = options;
  const plans = await Promise.all(sessions.map(async (session) => {
    try {
      return { session, via: (await offersWebDownload(session, signal)) ? 'web-download' as const : 'stream' as const };
    } catch (e) {
      return { session, via: 'stream' as const, error: e as Error };
    }
  }));
  const limit = limiter(options.concurrency ?? 6);
  const common = { name: options.name, diskFormat: options.diskFormat, containerFormat: options.containerFormat, visibility: options.visibility, properties: options.properties, signal, onProgress: options.onProgress };
  const streamed = plans.filter((p) => p.via === 'stream' && !p.error);
  let source: UrlSource | undefined;
  let sourceError: Error | undefined;
  if (streamed.length) {
    source = await UrlSource.open(options.url, streamed.length, { maxBytes: options.maxBytes, timeoutMs: options.timeoutMs, proxy: options.proxy, signal }).catch((e: Error) => {
      sourceError = signal?.aborted ? failure({ session: streamed[0].session }, 'upload cancelled') : e;
      return undefined;
    });
  }
  try {
    const results = await Promise.all(plans.map(async (plan): Promise<UrlTargetResult> => {
      const base = { target: plan.session.label, format: options.diskFormat, via: plan.via };
      if (plan.error) return failed(base, plan.error, options.onProgress);
      if (plan.via === 'web-download') {
        try {
          const result = await limit(() => uploadImage(plan.session, undefined, { ...common, sourceUrl: options.url }));
          if (!source) return { ...base, result };
          // The cloud fetched the URL itself; what it got is compared with what we read for the others.
          return { ...base, ...(await checkedAgainstRead(plan.session, result, await source.digestsAfterRead(), signal)) };
        } catch (e) {
          return { ...base, error: e as Error };
        }
      }
      if (!source) return failed(base, sourceError!, options.onProgress);
      return { ...base, ...(await streamTo(plan.session, source, common, limit)) };
    }));
    return { results, bytesRead: source ? source.sharedBytes + source.ownBytes : 0 };
  } finally {
    await source?.close();
  }
}

function failed(base: Omit<UrlTargetResult, 'error'>, error: Error, onProgress?: ProgressListener): UrlTargetResult {
  new ProgressMeter(base.target, 0, onProgress).setPhase('failed', error.message);
  return { ...base, error: error instanceof OpenStackError || error instanceof UrlFetchError ? error : new Error(error.message) };
}
