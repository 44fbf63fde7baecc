// Image data read once from the network for many targets, without a temp file: a published image
// at an http(s) URL, or an image's file in another cloud's Glance (imageCopy.ts). One GET whose
// body feeds every target that streams it (each with its own backpressure: the read goes at the
// pace of the slowest target still attached, and memory stays bounded), hashed on the way so the
// cloud's checksum can be compared. A target that retries reads the source again on its own.
import { PassThrough, Readable, Transform } from 'node:stream';
import { SourceHttp } from '../../baseImages/http';
import { SourceFetchError } from '../../baseImages/source';
import { streamHasher } from '../../baseImages/streamHasher';
import type { DiskFormat } from './diskFormat';
import type { Hashes, ImageData } from './imageFile';
import { READ_CHUNK, unpooled } from './pooledRead';
import type { ImageStream } from './leaseStream';
import { QueueTap as Tap, SharedFeed, backlogFor } from './queueTap';
import { discard } from '../http/limits';
import { UrlFetchError, displayUrl, imageUrlProblem, type UrlSourceOptions } from './urlCheck';

export { UrlFetchError, displayUrl, imageUrlProblem } from './urlCheck';

/** Bound on what a URL may send (a cloud image is a few GiB; a disk image a few tens). */
export const MAX_URL_IMAGE_BYTES = 64 * 1024 ** 3;

export type UrlDigests = Hashes & { sha512: string };

/** The body of a successful GET with its declared size; the HTTP status named otherwise. */
async function get(http: SourceHttp, url: string, maxBytes: number, signal?: AbortSignal): Promise<{ body: Readable; size: number }> {
  const shown = displayUrl(url);
  let res;
  try {
    res = await http.get(url, { accept: '*/*' }, signal);
  } catch (e) {
    if (signal?.aborted) throw e;
    // The message starts with the URL as given (query included): keep only what follows it.
    const detail = e instanceof SourceFetchError ? e.message.slice(e.url.length + 2) : (e as Error).message;
    throw new UrlFetchError(`${shown}: ${detail}`);
  }
  if (res.status < 200 || res.status > 299) {
    discard(res.body);
    throw new UrlFetchError(`${shown}: HTTP ${res.status}`);
  }
  const size = Number(res.header('content-length'));
  if (!Number.isSafeInteger(size) || size <= 0) {
    discard(res.body);
    throw new UrlFetchError(`${shown}: the server sends no Content-Length (an image is streamed only with its size known)`);
  }
  if (size > maxBytes) {
    discard(res.body);
    throw new UrlFetchError(`${shown}: ${size} bytes is more than the ${maxBytes} allowed`);
  }
  return { body: res.body as unknown as Readable, size };
}

/** A fresh GET of the source: its body and declared size, or an error naming the source. */
export type BodyFetch = (signal?: AbortSignal) => Promise<{ body: Readable; size: number }>;

/** Counts (never more than `size`), hashes, and checks the body ended at its declared size. */
function hashed(body: Readable, size: number, label: string, record: (d: UrlDigests) => void): Readable {
  const hasher = streamHasher(['md5', 'sha256', 'sha512'], size);
  let seen = 0;
  const t = new Transform({
    highWaterMark: READ_CHUNK,
    transform(chunk: Buffer, _enc, callback) {
      seen += chunk.length;
      if (seen > size) return callback(new UrlFetchError(`${label}: more than the ${size} bytes it announced`));
      const accepted = hasher.update(chunk);
      if (accepted) accepted.then(() => callback(null, chunk), callback);
      else callback(null, chunk);
    },
    flush(callback) {
      if (seen !== size) return callback(new UrlFetchError(`${label}: ended after ${seen} of ${size} bytes`));
      hasher.digest().then((d) => {
        record(d as UrlDigests);
        callback();
      }, callback);
    },
    destroy(err, callback) {
      void hasher.dispose();
      body.destroy();
      callback(err);
    },
  });
  body.on('error', (e) => t.destroy(e));
  return body.pipe(t);
}

/** One source, read once for `participants` targets; each takes its data with `data()`. */
export class UrlSource extends SharedFeed<Tap> {
  private readonly reads = new Set<Promise<void>>();
  private stream?: Readable;
  private begun = false;
  private digests?: UrlDigests;
  /** Bytes of the shared GET, and of targets' own GETs (retries). */
  sharedBytes = 0;
  ownBytes = 0;

  /** `label` names the source in messages and logs (never a secret: no credentials, no query). */
  private constructor(readonly label: string, readonly size: number, private readonly fetchBody: BodyFetch, private readonly closeFetcher: () => Promise<void>, participants: number, private readonly signal?: AbortSignal, startAfterMs?: number) {
    super(participants, startAfterMs ?? 10_000, backlogFor(participants));
  }

  protected newTap(): Tap {
    return new Tap(this);
  }

  get started(): boolean {
    return this.begun;
  }

  protected override pauseRead(): void {
    this.stream?.pause();
  }

  protected resumeRead(): void {
    const stream = this.stream;
    if (stream && !stream.readableEnded && !stream.destroyed) stream.resume();
  }

  /** GETs the URL (its headers only until every participant is ready). */
  static async open(url: string, participants: number, options: UrlSourceOptions = {}): Promise<UrlSource> {
    const problem = imageUrlProblem(url);
    if (problem) throw new UrlFetchError(`${displayUrl(url)}: ${problem}`);
    const http = new SourceHttp({ timeoutMs: options.timeoutMs ?? 60_000, proxy: options.proxy });
    const maxBytes = options.maxBytes ?? MAX_URL_IMAGE_BYTES;
    return UrlSource.fromFetch(displayUrl(url), (signal) => get(http, url, maxBytes, signal), () => http.close(), participants, options);
  }

  /** GETs the source with `fetchBody` (its headers only until every participant is ready); `close` ends the fetcher. */
  static async fromFetch(label: string, fetchBody: BodyFetch, close: () => Promise<void>, participants: number, options: UrlSourceOptions = {}): Promise<UrlSource> {
    try {
      const { body, size } = await fetchBody(options.signal);
      const source = new UrlSource(label, size, fetchBody, close, participants, options.signal, options.startAfterMs);
      source.stream = source.track(body, size);
      source.stream.pause();
      return source;
    } catch (e) {
      await close();
      throw e;
    }
  }

  /** The hashes of the first complete read. */
  knownDigests(): UrlDigests | undefined {
    return this.digests;
  }

  /** The hashes once the reads in flight are done; undefined if none completed. */
  async digestsAfterRead(): Promise<UrlDigests | undefined> {
    while (!this.digests && this.reads.size) await Promise.race(this.reads);
    return this.digests;
  }

  data(format: string): ImageData & { settle(): void } {
    return new UrlImageData(this, format as DiskFormat);
  }

  /** A fresh GET for one target (a retry): counted apart, hashed like the shared one. */
  ownRead(onBytes?: (n: number) => void): Readable {
    const out = new PassThrough({ highWaterMark: READ_CHUNK });
    this.fetchBody(this.signal).then(({ body, size }) => {
      if (size !== this.size) throw new UrlFetchError(`${this.label}: its size changed from ${this.size} to ${size} bytes`);
      const stream = this.track(body, size);
      stream.on('data', (chunk: Buffer) => {
        this.ownBytes += chunk.length;
        onBytes?.(chunk.length);
        if (!out.write(chunk)) stream.pause();
      });
      out.on('drain', () => stream.resume());
      out.on('close', () => stream.destroy());
      stream.on('end', () => out.end());
      stream.on('error', (e) => out.destroy(e));
    }).catch((e: Error) => out.destroy(e));
    return out;
  }

  private track(body: Readable, size: number): Readable {
    let settle!: () => void;
    const read = new Promise<void>((r) => (settle = r));
    this.reads.add(read);
    void read.then(() => this.reads.delete(read));
    const stream = hashed(body, size, this.label, (d) => { this.digests ??= d; });
    stream.on('close', settle);
    stream.on('end', settle);
    return stream;
  }

  protected start(): void {
    if (this.begun) return;
    this.begun = true;
    const stream = this.stream!;
    if (this.taps.size === 0) {
      stream.destroy();
      return;
    }
    stream.on('data', (chunk: Buffer) => {
      this.sharedBytes += chunk.length;
      this.fanOut(unpooled(chunk));
    });
    stream.on('end', () => { for (const tap of this.taps) tap.end(); });
    stream.on('error', (e) => { for (const tap of [...this.taps]) tap.fail(e); });
    stream.resume();
  }

  override remove(tap: Tap): void {
    this.taps.delete(tap);
    if (this.taps.size === 0 && this.started && !this.stream?.readableEnded) this.stream?.destroy();
    else this.maybeResume();
  }

  async close(): Promise<void> {
    this.gate.cancel();
    this.stream?.destroy();
    await this.closeFetcher();
  }
}

class UrlImageData implements ImageData {
  private opened = false;
  private readonly streams: ImageStream[] = [];
  constructor(private readonly source: UrlSource, readonly format: DiskFormat) {}
  get path() { return this.source.label; }
  get size() { return this.source.size; }
  knownHashes() { return this.source.knownDigests(); }
  hashesAfterRead() { return this.source.digestsAfterRead(); }

  async hashes(): Promise<Hashes> {
    const d = await this.source.digestsAfterRead();
    if (!d) throw new UrlFetchError(`${this.path}: not read completely yet`);
    return d;
  }

  open(onBytes?: (n: number) => void): ImageStream {
    for (const s of this.streams.splice(0)) s.destroy();
    const first = !this.opened;
    this.opened = true;
    const stream = (first && this.source.tap(onBytes)) || this.source.ownRead(onBytes);
    this.streams.push(stream);
    return stream;
  }

  /** The target is done: free its place in the shared read. */
  settle(): void {
    if (!this.opened) {
      this.opened = true;
      this.source.release();
    }
    for (const s of this.streams.splice(0)) s.destroy();
  }
}
