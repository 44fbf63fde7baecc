// Reading an image file into a fixed set of buffers that are used again, instead of a fresh buffer
// per read. fs.createReadStream allocates each chunk anew, and V8 frees dead chunks only once ~32
// MiB of them have built up: that was most of an upload's RSS growth (1 GiB grew RSS by 69 MiB,
// 41-46 MiB of it dead chunks; issue 12). Here memory is the pool, whatever the file's size.
//
// The contract that makes reuse safe: a chunk is lent to its consumer until the consumer asks for
// the next one (or stops). undici's body writer for an async iterable keeps it: it asks for the
// next chunk only once socket.write() returned true or the socket drained, and a write of 256 KiB
// or more never returns true (the socket's buffer holds 16-64 KiB), so such a chunk has left for
// the kernel before it is asked to give it back. Smaller pieces are lent as copies (lent()).
import fs from 'node:fs';

/** One chunk, lent: `release` gives it back (once every holder it was shared with did). */
export interface Lease {
  readonly bytes: Buffer;
  /** `holders` more consumers hold this chunk: each of them releases it too. */
  share(holders: number): void;
  release(): void;
}

/** Something chunks are taken from in order; undefined at the end. */
export interface LeaseSource {
  next(): Promise<Lease | undefined>;
  /** Stops: nothing more is read, and a pending next() answers undefined. */
  close(): void;
}

/** The size of one read of an image file, and of each buffer of a pool. */
export const READ_CHUNK = 1024 * 1024;

/** Below this a chunk could sit in a socket's buffer after write() returned true: it is lent as a copy. */
export const MIN_LENT_BYTES = 256 * 1024;

/** A chunk nobody has to give back (a copy, or a buffer made for this chunk alone). */
export function unpooled(bytes: Buffer): Lease {
  return { bytes, share() { /* nothing to count */ }, release() { /* garbage collected */ } };
}

class PooledChunk implements Lease {
  private holders = 1;
  constructor(readonly bytes: Buffer, private readonly giveBack: () => void) {}
  share(holders: number): void {
    this.holders += holders;
  }
  release(): void {
    // A release too many would hand a buffer in use to the next read: the bytes of an upload.
    if (this.holders <= 0) throw new Error('a pooled chunk was released twice');
    if (--this.holders === 0) this.giveBack();
  }
}

/** `bytes` (part of a pooled buffer) lent as it is, or as a copy when small; `giveBack` returns the buffer. */
export function lent(bytes: Buffer, giveBack: () => void): Lease {
  if (bytes.length >= MIN_LENT_BYTES) return new PooledChunk(bytes, giveBack);
  const copy = lendable(bytes);
  giveBack();
  return unpooled(copy);
}

/** A piece of a lent chunk that a consumer may hold until it asks for more: a copy when small. */
export function lendable(piece: Buffer): Buffer {
  return piece.length >= MIN_LENT_BYTES ? piece : Buffer.from(piece);
}

/**
 * A file read from `start` to its end, one read ahead of its consumer per free buffer: at most
 * `slots` buffers of `chunkBytes` are ever made. A read waits while every buffer is lent.
 */
export class PooledFileRead implements LeaseSource {
  private fd?: number;
  private opening?: Promise<void>;
  private readonly free: Buffer[] = [];
  private made = 0;
  private readonly ready: Lease[] = [];
  private reading = false;
  private ended = false;
  private closed = false;
  private failure?: Error;
  private wake?: () => void;

  constructor(readonly path: string, private position: number, private readonly slots: number, private readonly chunkBytes: number) {}

  async next(): Promise<Lease | undefined> {
    this.opening ??= this.openFile();
    await this.opening;
    for (;;) {
      if (this.ready.length) return this.ready.shift();
      if (this.failure) throw this.failure;
      if (this.ended || this.closed) return undefined;
      this.pump();
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const lease of this.ready.splice(0)) lease.release();
    this.free.length = 0;
    this.notify();
    this.closeFile();
  }

  private async openFile(): Promise<void> {
    const fd = await new Promise<number | undefined>((resolve) => fs.open(this.path, 'r', (err, opened) => {
      if (err) this.failure = err;
      resolve(err ? undefined : opened);
    }));
    // A close while the file was opening: the new descriptor is closed at once.
    if (this.closed && fd !== undefined) fs.close(fd, () => undefined);
    else this.fd = fd;
  }

  private buffer(): Buffer | undefined {
    if (this.free.length) return this.free.pop();
    if (this.made >= this.slots) return undefined;
    this.made++;
    return Buffer.allocUnsafeSlow(this.chunkBytes);
  }

  /** Starts the next read if a buffer is free; one read at a time keeps the file's order. */
  private pump(): void {
    if (this.reading || this.ended || this.closed || this.failure || this.fd === undefined) return;
    const buffer = this.buffer();
    if (!buffer) return;
    this.reading = true;
    fs.read(this.fd, buffer, 0, buffer.length, this.position, (err, n) => {
      this.reading = false;
      if (this.closed) return this.closeFile();
      if (err) this.failure = err;
      else if (n === 0) {
        this.ended = true;
        this.closeFile();
      } else {
        this.position += n;
        this.ready.push(lent(buffer.subarray(0, n), () => this.giveBack(buffer)));
        this.pump();
      }
      this.notify();
    });
  }

  private giveBack(buffer: Buffer): void {
    if (this.closed) return;
    this.free.push(buffer);
    this.pump();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private closeFile(): void {
    if (this.reading || this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    fs.close(fd, () => undefined);
  }
}
