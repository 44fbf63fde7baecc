// One verified download: into `<dest>.part`, resumed with an HTTP Range request when a part is
// there (the bytes already on disk are hashed first, so the whole file is verified), hashed on
// the way in (one pass), bounded by the published size, and renamed to `dest` only when size and
// digest match. A file that fails verification is deleted; a transfer that was cut keeps its part
// for the next attempt.
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { BodySink } from './bodySink';
import type { HashAlgorithm, PublishedDigest } from './checksums';
import { discard } from '../openstack/http/limits';
import type { SourceHttp, SourceResponse } from './http';
import { SourceFetchError } from './source';
import { streamHasher, type Digests, type HashingWriter, type StreamHasher } from './streamHasher';

export interface DownloadProgress {
  bytes: number;
  total?: number;
  /** Bytes that were already on disk when this attempt resumed. */
  resumedFrom: number;
  attempt: number;
}

export interface DownloadRequest {
  url: string;
  dest: string;
  expected: PublishedDigest;
  http: SourceHttp;
  signal?: AbortSignal;
  /** Bound when the publisher gives no size (default 64 GiB). */
  maxBytes?: number;
  attempts?: number;
  onProgress?: (p: DownloadProgress) => void;
  /** Size from which hashing runs on a worker thread (tests lower it). */
  workerFrom?: number;
}

export interface DownloadOutcome {
  size: number;
  /** Digests computed on the way: the published algorithm and sha256. */
  hashes: Partial<Record<HashAlgorithm, string>>;
  /** Bytes reused from an earlier partial download. */
  resumedFrom: number;
  attempts: number;
}

export class VerificationError extends Error {}

const DEFAULT_MAX_BYTES = 64 * 1024 ** 3;
const CHUNK = 1024 * 1024;

export async function downloadVerified(req: DownloadRequest): Promise<DownloadOutcome> {
  const attempts = req.attempts ?? 4;
  for (let attempt = 1; ; attempt++) {
    try {
      return await finish(req, await transfer(req, attempt), attempt);
    } catch (e) {
      if (e instanceof VerificationError) {
        await fs.promises.rm(partOf(req.dest), { force: true });
        throw e;
      }
      if (req.signal?.aborted || attempt >= attempts || !isRetriable(e)) throw e;
      await new Promise((r) => setTimeout(r, 200 * 2 ** (attempt - 1)));
    }
  }
}

export function partOf(dest: string): string {
  return `${dest}.part`;
}

function isRetriable(e: unknown): boolean {
  if (e instanceof SourceFetchError) return e.status === undefined || e.status >= 500 || e.status === 429 || e.status === 408;
  return !(e instanceof RangeError);
}

async function sizeOf(file: string): Promise<number> {
  return fs.promises.stat(file).then((s) => s.size, () => 0);
}

/** The published algorithm and sha256 (what the upload records), hashed beside the transfer. */
function hasherFor(req: DownloadRequest, bytes: number | undefined, fd?: number): HashingWriter {
  return streamHasher([...new Set<HashAlgorithm>([req.expected.algorithm, 'sha256'])], bytes, { workerFrom: req.workerFrom, fd });
}

async function hashExisting(file: string, length: number, hasher: StreamHasher, signal?: AbortSignal): Promise<void> {
  if (length === 0) return;
  await pipeline(fs.createReadStream(file, { start: 0, end: length - 1, highWaterMark: CHUNK }), async function* (source: AsyncIterable<Buffer>) {
    for await (const chunk of source) await hasher.update(chunk);
  }, { signal });
}

/** What one attempt got: the bytes now in the part file and their digests. */
interface Received {
  size: number;
  digests: Digests;
  resumedFrom: number;
}

async function transfer(req: DownloadRequest, attempt: number): Promise<Received> {
  const part = partOf(req.dest);
  const limit = req.expected.size ?? req.maxBytes ?? DEFAULT_MAX_BYTES;
  let offset = await sizeOf(part);
  if (offset > limit) {
    await fs.promises.rm(part, { force: true });
    offset = 0;
  }
  if (offset > 0 && offset === req.expected.size) {
    // Complete already (cut after the last byte): verify what is there, no request.
    const hasher = hasherFor(req, offset);
    try {
      await hashExisting(part, offset, hasher, req.signal);
      return { size: offset, digests: await hasher.digest(), resumedFrom: offset };
    } finally {
      await hasher.dispose();
    }
  }
  const res = await req.http.get(req.url, offset ? { range: `bytes=${offset}-` } : {}, req.signal);
  const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(res.header('content-range') ?? '');
  if (res.status === 206 && (!offset || !range || Number(range[1]) !== offset)) {
    discard(res.body);
    await fs.promises.rm(part, { force: true });
    throw new SourceFetchError(res.url, 206, `answered another range than bytes=${offset}- (${res.header('content-range') ?? 'none'}); starting over`);
  }
  if (res.status === 416 && offset) {
    discard(res.body);
    await fs.promises.rm(part, { force: true });
    throw new SourceFetchError(res.url, undefined, `refused the range bytes=${offset}-; starting over`);
  }
  if (res.status !== 200 && res.status !== 206) {
    discard(res.body);
    throw new SourceFetchError(res.url, res.status, '');
  }
  if (res.status === 200) offset = 0;
  const length = Number(res.header('content-length') ?? NaN);
  const total = range && range[3] !== '*' ? Number(range[3]) : Number.isFinite(length) ? offset + length : undefined;
  if (total !== undefined && req.expected.size !== undefined && total !== req.expected.size) {
    discard(res.body);
    throw new VerificationError(`${res.url} is ${total} bytes, the publisher says ${req.expected.size}: refused`);
  }
  if (total !== undefined && total > limit) {
    discard(res.body);
    throw new RangeError(`${res.url} is ${total} bytes, more than the ${limit} allowed`);
  }
  return receive(req, res, { part, offset, total, limit, attempt });
}

interface Destination {
  part: string;
  /** Bytes of the part already on disk, before the response's first byte. */
  offset: number;
  total: number | undefined;
  limit: number;
  attempt: number;
}

/** Appends the response's body to the part: counted, bounded, reported, hashed with the bytes before it. */
async function receive(req: DownloadRequest, res: SourceResponse, { part, offset, total, limit, attempt }: Destination): Promise<Received> {
  const file = await fs.promises.open(part, offset ? 'a' : 'w');
  const hasher = hasherFor(req, total, file.fd);
  try {
    if (offset > 0) await hashExisting(part, offset, hasher, req.signal);
    let bytes = offset;
    // The body's reads land in the hasher's batches (BodySink); this sink counts and bounds them.
    const counted: BodySink = {
      space: () => hasher.space(),
      filled(n) {
        bytes += n;
        if (bytes > limit) throw new VerificationError(`${res.url} sent more than ${limit} bytes: refused`);
        req.onProgress?.({ bytes, total, resumedFrom: offset, attempt });
        return hasher.filled(n);
      },
    };
    await res.readInto(counted);
    return { size: bytes, digests: await hasher.digest(), resumedFrom: offset };
  } finally {
    // The worker writes to this descriptor: it must have stopped before the descriptor is closed
    // (and its number possibly given to another file).
    await hasher.dispose();
    await file.close();
  }
}

async function finish(req: DownloadRequest, { size, digests, resumedFrom }: Received, attempts: number): Promise<DownloadOutcome> {
  if (req.expected.size !== undefined && size < req.expected.size) {
    throw new SourceFetchError(req.url, undefined, `the transfer ended at ${size} of ${req.expected.size} bytes`);
  }
  if (req.expected.size !== undefined && size !== req.expected.size) {
    throw new VerificationError(`${req.url}: got ${size} bytes, the publisher says ${req.expected.size}: refused and deleted`);
  }
  if (digests[req.expected.algorithm] !== req.expected.hex) {
    throw new VerificationError(`${req.url}: ${req.expected.algorithm} ${digests[req.expected.algorithm]} is not the published ${req.expected.hex}: refused and deleted`);
  }
  await fs.promises.rename(partOf(req.dest), req.dest);
  return { size, hashes: digests, resumedFrom, attempts };
}
