// One read of a file feeding several consumers (the fan-out uploads), each with its own
// backpressure. The read goes at the pace of the consumers still keeping up; a consumer that
// stays behind while others wait is detached and continues from its own offset with its own
// read of the file, so a slow cloud never stalls the fast ones and memory stays bounded.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { ImageFile } from './imageFile';
import { QueueTap, SharedFeed, backlogFor } from './queueTap';
import { READ_CHUNK } from './imageFile';

export interface SharedReadOptions {
  /** Bytes queued per consumer before the shared read pauses. */
  highWaterMark?: number;
  /** How long the read may wait for one consumer while another is starving. */
  detachAfterMs?: number;
  /** How long to wait for every participant to open its tap before starting. */
  startAfterMs?: number;
}

/** A consumer that, once detached for lagging, goes on with a private read of the file. */
class Tap extends QueueTap {
  detachedAt?: number;
  /** Since when this consumer has kept more than half the allowed backlog (it holds the read back). */
  laggingSince?: number;
  private own?: fs.ReadStream;

  constructor(protected override readonly feed: SharedRead) {
    super(feed);
  }

  override _read(): void {
    if (!this.own) return super._read();
    this.wanting = true;
    this.own.resume();
  }

  protected override drained(): void {
    if (this.own) return;
    if (this.detachedAt !== undefined) this.readOnItsOwn(this.detachedAt);
    else super.drained();
  }

  /** Continue from `offset` with a private read of the file. */
  private readOnItsOwn(offset: number): void {
    if (offset >= this.feed.file.size) {
      this.push(null);
      return;
    }
    this.own = fs.createReadStream(this.feed.file.path, { start: offset, highWaterMark: READ_CHUNK });
    this.own.on('data', (chunk) => {
      this.feed.ownBytes += chunk.length;
      this.onBytes?.(chunk.length);
      if (!this.push(chunk)) this.own!.pause();
    });
    this.own.on('end', () => this.push(null));
    this.own.on('error', (e) => this.destroy(e));
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.own?.destroy();
    super._destroy(err, callback);
  }
}

export class SharedRead extends SharedFeed<Tap> {
  private source?: Readable;
  private timer?: NodeJS.Timeout;
  private offset = 0;
  /** Bytes read by the shared read and by detached consumers' own reads. */
  sharedBytes = 0;
  ownBytes = 0;
  private readonly detachAfterMs: number;

  constructor(readonly file: ImageFile, participants: number, options: SharedReadOptions = {}) {
    super(participants, options.startAfterMs ?? 3000, options.highWaterMark ?? backlogFor(participants));
    this.detachAfterMs = options.detachAfterMs ?? 2000;
  }

  protected newTap(): Tap {
    return new Tap(this);
  }

  protected sharedStream(): Readable | undefined {
    return this.source;
  }

  protected start(): void {
    if (this.started || this.taps.size === 0) return;
    this.source = this.file.open();
    this.timer = setInterval(() => this.detachLaggards(), Math.max(25, this.detachAfterMs / 4)).unref();
    this.source.on('data', (chunk: Buffer) => {
      this.offset += chunk.length;
      this.sharedBytes += chunk.length;
      this.fanOut(chunk);
    });
    this.source.on('end', () => {
      this.stopTimer();
      for (const tap of this.attached()) tap.end();
    });
    this.source.on('error', (e) => {
      this.stopTimer();
      for (const tap of this.taps) tap.destroy(e);
    });
  }

  protected override attached(): Tap[] {
    return [...this.taps].filter((t) => t.detachedAt === undefined);
  }

  /**
   * Runs every quarter of detachAfterMs while the read is on: a consumer that has held a large
   * backlog for detachAfterMs while another one had nothing to send is detached.
   */
  private detachLaggards(): void {
    const now = Date.now();
    const attached = this.attached();
    for (const tap of attached) {
      if (tap.queued >= this.hwm / 2) tap.laggingSince ??= now;
      else if (tap.queued < this.hwm / 4) tap.laggingSince = undefined;
    }
    if (!attached.some((t) => t.queued === 0)) return;
    for (const tap of attached) {
      if (tap.laggingSince !== undefined && now - tap.laggingSince >= this.detachAfterMs) tap.detachedAt = this.offset;
    }
    this.maybeResume();
  }

  override remove(tap: Tap): void {
    this.taps.delete(tap);
    if (this.taps.size === 0) {
      this.stopTimer();
      this.source?.destroy();
      return;
    }
    this.maybeResume();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
