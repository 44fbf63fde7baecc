// fetch REF: resolve it at its source (or mirror), use the cached copy when its record matches,
// else download, verify and record it. Reports through events; knows no cloud.
import fs from 'node:fs';
import path from 'node:path';
import { resolveImage, type ResolveOptions } from './catalog';
import { cacheHit, cacheRoot, cachedPath, writeRecord, type CacheRecord } from './cache';
import { downloadVerified, type DownloadProgress } from './download';
import type { ProxySettings } from '../openstack/http/proxySettings';
import { SourceHttp } from './http';
import { prestartHashWorker } from './streamHasher';
import { formatRef } from './reference';
import { lockFetch } from './fetchLock';
import { verifyClearSigned, verifyDetached } from './signature';
import type { ResolvedImage, SourceContext } from './source';

export type FetchEvent =
  | { kind: 'resolved'; image: ResolvedImage; path: string }
  | ({ kind: 'progress' } & DownloadProgress)
  | { kind: 'cache-hit'; path: string }
  | { kind: 'verified'; path: string; resumedFrom: number };

export interface FetchOptions extends ResolveOptions {
  /** Default: cacheRoot() ($XDG_CACHE_HOME/openstack-clouds/images). */
  cacheDir?: string;
  signal?: AbortSignal;
  /** Idle timeout of each request (ms). */
  timeoutMs?: number;
  maxBytes?: number;
  /** The editor's proxy; default: the environment's. */
  proxy?: ProxySettings;
  onEvent?: (event: FetchEvent) => void;
}

export interface FetchResult {
  path: string;
  image: ResolvedImage;
  record: CacheRecord;
  /** True when the cached copy was used and nothing was downloaded. */
  cached: boolean;
}

function sourceContext(http: SourceHttp, root: string, keyring: string | undefined, signal?: AbortSignal): SourceContext {
  return {
    root, keyring,
    read: async (url) => (await http.text(url, { signal }))!,
    tryRead: (url) => http.text(url, { missingOk: true, signal }),
    verifyClearSigned,
    verifyDetached,
  };
}

export async function fetchImage(refText: string, options: FetchOptions = {}): Promise<FetchResult> {
  const http = new SourceHttp({ timeoutMs: options.timeoutMs, proxy: options.proxy });
  // The download's hashing worker starts while the image is resolved, so as not to hold up its
  // first bytes; stopped unused on a cache hit or a small image (which thus pay a worker's start,
  // on another thread, for nothing: resolving comes first, so nothing is known sooner).
  const releaseWorker = prestartHashWorker();
  try {
    const image = await resolveImage(refText, options, (root, keyring) => sourceContext(http, root, keyring, options.signal));
    const file = cachedPath(options.cacheDir ?? cacheRoot(), image);
    options.onEvent?.({ kind: 'resolved', image, path: file });
    const hit = await cacheHit(file, image.digest);
    if (hit) {
      options.onEvent?.({ kind: 'cache-hit', path: file });
      return { path: file, image, record: hit, cached: true };
    }
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    const unlock = await lockFetch(file);
    try {
      const outcome = await downloadVerified({
        url: image.url, dest: file, expected: image.digest, http,
        signal: options.signal, maxBytes: options.maxBytes,
        onProgress: (p) => options.onEvent?.({ kind: 'progress', ...p }),
      });
      const record: CacheRecord = {
        source: image.source, ref: formatRef(image.ref), version: image.version, url: image.url,
        digest: image.digest, size: outcome.size, hashes: outcome.hashes, trust: image.trust,
        properties: image.properties, diskFormat: image.diskFormat, verifiedAt: new Date().toISOString(),
      };
      await writeRecord(file, record);
      options.onEvent?.({ kind: 'verified', path: file, resumedFrom: outcome.resumedFrom });
      return { path: file, image, record, cached: false };
    } finally {
      await unlock();
    }
  } finally {
    releaseWorker();
    await http.close();
  }
}
