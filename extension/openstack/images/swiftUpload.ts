// Putting the image file into Swift for the task flow (§3.4 step 3, §4): one object, or above the
// segment size a static large object whose segments `<object>/000000...` stream from the same read.
import crypto from 'node:crypto';
import * as swift from '../services/objectStore';
import { failure, type UploadContext } from './uploadContext';
import { lendable } from './pooledRead';

const GiB = 1024 ** 3;
/** openstacksdk's DEFAULT_MAX_FILE_SIZE when /info does not answer (SW-5). */
const DEFAULT_MAX_FILE_SIZE = Math.floor((5 * GiB + 2) / 2);

export interface StoredObject {
  container: string;
  object: string;
  segments: number;
  info?: swift.SwiftInfo;
}

export function segmentSizeFor(requested: number | undefined, info: swift.SwiftInfo | undefined): number {
  const max = info?.swift?.max_file_size ?? DEFAULT_MAX_FILE_SIZE;
  const min = info?.slo?.min_segment_size ?? 1;
  return Math.max(min, Math.min(requested ?? GiB, max));
}

/** Splits one stream into consecutive slices of `size` bytes without copying. */
export function* slices(stream: AsyncIterable<Buffer>, size: number, total: number): Generator<{ index: number; length: number; body: AsyncIterable<Buffer> }> {
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let pending: Buffer | undefined;
  let index = 0;
  for (let offset = 0; offset < total; offset += size, index++) {
    const length = Math.min(size, total - offset);
    const last = offset + length >= total;
    yield {
      index,
      length,
      body: (async function* () {
        let left = length;
        while (left > 0) {
          let chunk = pending;
          pending = undefined;
          if (!chunk) {
            const r = await it.next();
            if (r.done) throw new Error('the file ended before its recorded size');
            chunk = r.value;
          }
          // A piece at a segment's edge may be small: see lendable().
          if (chunk.length > left) {
            pending = lendable(chunk.subarray(left));
            chunk = lendable(chunk.subarray(0, left));
          }
          left -= chunk.length;
          yield chunk;
        }
        // Read to the end so the hashing stream sees it and records the hashes.
        if (last) await it.next();
      })(),
    };
  }
}

export async function storeInSwift(ctx: UploadContext, object: string): Promise<StoredObject> {
  const { session, signal } = ctx;
  const data = ctx.data;
  if (!data) throw failure(ctx, 'no image data to upload', { service: 'object-store' });
  const container = ctx.container;
  const problem = swift.swiftNameProblem(container, object);
  if (problem) throw failure(ctx, `cannot store "${object.slice(0, 200)}" in Swift for the task flow: ${problem}; choose another image name`, { service: 'object-store' });
  await swift.ensureContainer(session, container, {}, signal);
  const info = await swift.swiftInfo(session, signal).catch(() => undefined);
  const segmentSize = segmentSizeFor(ctx.segmentSize, info);
  const headers = { 'x-delete-after': '86400', 'x-object-meta-x-sdk-autocreated': 'true' };
  const stream = data.open((n) => ctx.meter.add(n));
  ctx.meter.setPhase('uploading');
  if (data.size <= segmentSize) {
    ctx.cleanup.add(`delete object ${container}/${object}`, (s) => swift.deleteObject(session, container, object, false, s));
    await swift.putObject(session, container, object, stream, data.size, headers, signal);
    await setHashMetadata(ctx, container, object);
    return { container, object, segments: 0, info };
  }
  const manifest: swift.SloSegment[] = [];
  const removeSegments = ctx.cleanup.add(`delete segments of ${container}/${object}`, async (s) => {
    for (const seg of manifest) await swift.deleteObject(session, container, seg.path.split('/').slice(2).join('/'), false, s);
  });
  for (const slice of slices(stream, segmentSize, data.size)) {
    const name = `${object}/${String(slice.index).padStart(6, '0')}`;
    manifest.push({ path: `/${container}/${name}`, size_bytes: slice.length });
    const etag = await swift.putObject(session, container, name, slice.body, slice.length, headers, signal);
    if (etag) manifest[manifest.length - 1].etag = etag;
  }
  await swift.putSloManifest(session, container, object, manifest, { ...headers, ...(await hashHeaders(ctx)) }, signal);
  removeSegments();
  ctx.cleanup.add(`delete large object ${container}/${object}`, (s) => swift.deleteObject(session, container, object, true, s));
  return { container, object, segments: manifest.length, info };
}

async function hashHeaders(ctx: UploadContext): Promise<Record<string, string>> {
  const h = await ctx.data?.hashesAfterRead();
  return h ? { 'x-object-meta-x-sdk-md5': h.md5, 'x-object-meta-x-sdk-sha256': h.sha256 } : {};
}

async function setHashMetadata(ctx: UploadContext, container: string, object: string): Promise<void> {
  const headers = await hashHeaders(ctx);
  if (!Object.keys(headers).length) return;
  const res = await ctx.session.request({
    service: 'object-store', method: 'POST', path: swift.objectPath(container, object),
    headers: { ...headers, 'x-delete-after': '86400', 'x-object-meta-x-sdk-autocreated': 'true' }, expect: [202, 204], signal: ctx.signal, idempotent: true,
  });
  await res.body.dump();
}

/**
 * A temporary URL glance can GET the object from without a token (upstream glance wants an http
 * URL in `import_from`); undefined when Swift has no tempurl middleware.
 */
export async function temporaryUrl(ctx: UploadContext, stored: StoredObject, validSeconds: number): Promise<string | undefined> {
  if (!stored.info?.tempurl) return undefined;
  const { session, signal } = ctx;
  const meta = await swift.containerMetadata(session, stored.container, signal);
  let key = meta['x-container-meta-temp-url-key'] as string | undefined;
  if (!key) {
    key = crypto.randomBytes(24).toString('hex');
    await swift.setContainerMetadata(session, stored.container, { 'x-container-meta-temp-url-key': key }, signal);
  }
  const objectUrl = await session.url('object-store', swift.objectPath(stored.container, stored.object), signal);
  const allowed = (stored.info.tempurl as { allowed_digests?: string[] }).allowed_digests ?? ['sha1'];
  const digest = allowed.includes('sha256') ? 'sha256' : 'sha1';
  const expires = Math.floor(Date.now() / 1000) + validSeconds;
  const path = new URL(objectUrl).pathname;
  const sig = crypto.createHmac(digest, key).update(`GET\n${expires}\n${path}`).digest('hex');
  return `${objectUrl}?temp_url_sig=${sig}&temp_url_expires=${expires}`;
}
