// An image file to upload: its size, its real format, and fresh read streams that compute md5 and
// sha256 on the way (the first complete read records them, so a file is never read just to hash
// it unless a same-name image has to be compared first). Hashes recorded by an earlier read of the
// same version of the file, in this process or an earlier one (fileHashCache.ts), are not
// computed again: the reads then only count the bytes.
import fs from 'node:fs';
import { detectFormat, type DiskFormat } from './diskFormat';
import { FileHashCache, fileVersion, type FileVersion, type Hashes } from './fileHashCache';
import { inlineHasher, workerHasher, type Hasher } from './hashWorker';
import { LeaseStream, type ImageStream } from './leaseStream';
import { PooledFileRead, READ_CHUNK, type Lease, type LeaseSource } from './pooledRead';
import { OWN_READ_SLOTS } from './queueTap';

export type { Hashes } from './fileHashCache';

/** Hashes of the file versions read by this process, recorded or not in the store between runs. */
const hashesSeen = new Map<string, Hashes>();
let defaultCache: FileHashCache | undefined;

export interface ImageData {
  readonly path: string;
  readonly size: number;
  readonly format: DiskFormat;
  /** A fresh stream of the whole file; `onBytes` sees each chunk as it is consumed. */
  open(onBytes?: (n: number) => void): ImageStream;
  knownHashes(): Hashes | undefined;
  /** The hashes once the latest read (the one just sent) has been hashed; undefined if it was cut. */
  hashesAfterRead(): Promise<Hashes | undefined>;
  /** The hashes, reading the file once more if no complete read has happened yet. */
  hashes(signal?: AbortSignal): Promise<Hashes>;
  /**
   * Glance stored other bytes than the hashes say: hashes kept from an earlier read are dropped
   * (true when there were such hashes), so that the next upload reads and hashes the file again.
   */
  distrustKeptHashes?(): Promise<boolean>;
}

/** Above this size the hashes are computed on a worker thread, beside the upload. */
const WORKER_HASHING_FROM = 64 * 1024 * 1024;

/** A hasher that computes nothing: the hashes of this version of the file are known already. */
function keptHashes(hashes: Hashes): Hasher {
  return { update: () => undefined, digest: async () => hashes, dispose() { /* nothing held */ } };
}

/**
 * The chunks of a read, counted and hashed on the way: the read fails when the file turns out to
 * have another size than it had when opened, and `done` gets the hashes of a complete read.
 */
export class HashingRead implements LeaseSource {
  private readonly hasher: Hasher;
  private seen = 0;
  /** Set once the last byte went through: resolves when the digest is recorded. */
  finishing?: Promise<void>;
  private closed = false;
  /** Resolves once the hashes are recorded or the read was closed without them. */
  readonly settled: Promise<void>;
  private settle!: () => void;

  constructor(private readonly source: LeaseSource, private readonly expected: number, private readonly done: (h: Hashes) => void, hasher?: Hasher) {
    this.hasher = hasher ?? (expected >= WORKER_HASHING_FROM ? workerHasher() : inlineHasher());
    this.settled = new Promise((resolve) => (this.settle = resolve));
  }

  async next(): Promise<Lease | undefined> {
    const lease = await this.source.next();
    if (!lease) return this.atEnd();
    this.seen += lease.bytes.length;
    // A file that grew while it was read would never reach "last byte" and never settle its read.
    if (this.seen > this.expected) {
      lease.release();
      throw new Error(`the file changed while it was read: more than its ${this.expected} bytes`);
    }
    const accepted = this.hasher.update(lease.bytes);
    // The digest starts with the last byte: a consumer may stop asking once it has the bytes it
    // expected. It runs only once the hasher has taken that last chunk (the worker's ring may be
    // full right now).
    if (this.seen === this.expected) this.startDigest(accepted);
    if (accepted) await accepted.catch((e: Error) => {
      lease.release();
      throw e;
    });
    return lease;
  }

  private async atEnd(): Promise<undefined> {
    if (this.closed) return undefined;
    if (this.seen !== this.expected) throw new Error(`the file changed while it was read: it ended after ${this.seen} of its ${this.expected} bytes`);
    if (!this.finishing) this.startDigest(undefined);
    await this.finishing;
    return undefined;
  }

  private startDigest(lastChunkAccepted: Promise<void> | undefined): void {
    this.finishing = this.finish(lastChunkAccepted);
    // Whoever waits (the end of the read, the file's read list) sees a failure; nobody waiting is no crash.
    this.finishing.catch(() => undefined).finally(this.settle);
  }

  private async finish(lastChunkAccepted: Promise<void> | undefined): Promise<void> {
    try {
      await lastChunkAccepted;
      this.done(await this.hasher.digest());
    } finally {
      this.hasher.dispose();
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.source.close();
    if (this.finishing) return;
    this.hasher.dispose();
    this.settle();
  }
}

export class ImageFile implements ImageData {
  /** Reads in flight: each settles once its digest is recorded, or once it was cut. */
  private readonly reads = new Set<Promise<void>>();
  /** Hashes known before any read of ours: from the store, or from an earlier read in this process. */
  private kept: Hashes | undefined;

  private constructor(readonly path: string, readonly size: number, readonly format: DiskFormat,
    private readonly version: FileVersion, private readonly cache: FileHashCache) {}

  /** `cache`: where hashes are kept between runs (default: the user's cache folder). */
  static async open(path: string, cache: FileHashCache = (defaultCache ??= FileHashCache.default())): Promise<ImageFile> {
    const stat = await fs.promises.stat(path, { bigint: true });
    if (!stat.isFile()) throw new Error(`${path} is not a file`);
    const version = fileVersion(path, stat);
    const file = new ImageFile(path, Number(stat.size), await detectFormat(path), version, cache);
    file.kept = hashesSeen.get(version.key) ?? await cache.get(version);
    return file;
  }

  knownHashes(): Hashes | undefined {
    return hashesSeen.get(this.version.key) ?? this.kept;
  }

  private recordHashes(h: Hashes, readStartedMs: number): void {
    // Every later read (another target, a retry) gives the same hashes: the store is written once.
    if (this.kept || hashesSeen.has(this.version.key)) return;
    hashesSeen.set(this.version.key, h);
    void this.cache.put(this.path, this.version, readStartedMs, h);
  }

  async distrustKeptHashes(): Promise<boolean> {
    const hadKept = this.kept !== undefined;
    hashesSeen.delete(this.version.key);
    this.kept = undefined;
    if (hadKept) await this.cache.forget(this.version);
    return hadKept;
  }

  open(onBytes?: (n: number) => void): ImageStream {
    return new LeaseStream(this.hashedRead(OWN_READ_SLOTS), onBytes);
  }

  /** The whole file in a pool of `slots` buffers, hashed on the way unless its hashes are known. */
  hashedRead(slots: number): LeaseSource {
    const readStartedMs = Date.now();
    const known = this.knownHashes();
    const file = new PooledFileRead(this.path, 0, slots, READ_CHUNK);
    const read = new HashingRead(file, this.size, (h) => this.recordHashes(h, readStartedMs), known && keptHashes(known));
    this.reads.add(read.settled);
    void read.settled.then(() => this.reads.delete(read.settled));
    return read;
  }

  async hashesAfterRead(): Promise<Hashes | undefined> {
    // Every complete read records the same hashes (same path, size and mtime), so the first one
    // to finish answers: waiting for the newest read instead would hold a target that is done
    // until another target's retry has read the whole file again.
    while (!this.knownHashes() && this.reads.size) await Promise.race(this.reads);
    return this.knownHashes();
  }

  async hashes(signal?: AbortSignal): Promise<Hashes> {
    const known = this.knownHashes();
    if (known) return known;
    const stream = this.open();
    try {
      // The read hashes what it lends; a cancel stops it between chunks and closes the file.
      for await (const _ of stream) signal?.throwIfAborted();
      signal?.throwIfAborted();
    } finally {
      stream.destroy();
    }
    const h = this.knownHashes();
    if (!h) throw new Error(`${this.path} changed while it was read`);
    return h;
  }
}
