// One read of a file feeding several consumers (the fan-out uploads), each with its own
// backpressure. The read goes at the pace of the consumers still keeping up; a consumer that
// stays behind while others wait is detached and continues from its own offset with its own
// read of the file, so a slow cloud never stalls the fast ones and memory stays bounded.
import type { ImageFile } from './imageFile';
import { PooledFileRead, READ_CHUNK, type Lease, type LeaseSource } from './pooledRead';
import { OWN_READ_SLOTS, QueueTap, SharedFeed, backlogFor } from './queueTap';

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
  detached = false;
  /** Since when this consumer has kept more than half the allowed backlog (it holds the read back). */
  laggingSince?: number;
  private own?: LeaseSource;

  constructor(protected override readonly feed: SharedRead) {
    super(feed);
  }

  /** It no longer holds the shared read: its queue is given back, and it reads on from what it took. */
  detach(): void {
    this.detached = true;
    this.dropQueue();
    this.notify();
  }

  protected override drained(): Promise<Lease | undefined> | undefined {
    if (!this.detached) return undefined;
    this.own ??= new PooledFileRead(this.feed.file.path, this.taken, OWN_READ_SLOTS, READ_CHUNK);
    return this.own.next().then((lease) => {
      if (lease) this.feed.ownBytes += lease.bytes.length;
      return lease;
    });
  }

  override close(): void {
    this.own?.close();
    super.close();
  }
}

export class SharedRead extends SharedFeed<Tap> {
  private source?: LeaseSource;
  private timer?: NodeJS.Timeout;
  private offset = 0;
  private wakeRead?: () => void;
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

  get started(): boolean {
    return this.source !== undefined;
  }

  protected start(): void {
    if (this.started || this.taps.size === 0) return;
    // Every consumer's backlog, the chunk each one is sending and one read ahead.
    this.source = this.file.hashedRead(Math.ceil(this.hwm / READ_CHUNK) + 2);
    this.timer = setInterval(() => this.detachLaggards(), Math.max(25, this.detachAfterMs / 4)).unref();
    void this.pull(this.source);
  }

  private async pull(source: LeaseSource): Promise<void> {
    try {
      for (;;) {
        while (this.paused) await new Promise<void>((resolve) => (this.wakeRead = resolve));
        const lease = await source.next();
        if (!lease) break;
        this.offset += lease.bytes.length;
        this.sharedBytes += lease.bytes.length;
        this.fanOut(lease);
      }
      for (const tap of this.attached()) tap.end();
    } catch (e) {
      for (const tap of this.taps) tap.fail(e as Error);
    } finally {
      this.stopTimer();
      source.close();
    }
  }

  protected resumeRead(): void {
    const wake = this.wakeRead;
    this.wakeRead = undefined;
    wake?.();
  }

  protected override attached(): Tap[] {
    return [...this.taps].filter((t) => !t.detached);
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
      if (tap.laggingSince !== undefined && now - tap.laggingSince >= this.detachAfterMs) tap.detach();
    }
    this.maybeResume();
  }

  override remove(tap: Tap): void {
    this.taps.delete(tap);
    if (this.taps.size === 0) {
      this.stopTimer();
      this.source?.close();
      this.paused = false;
      this.resumeRead();
      return;
    }
    this.maybeResume();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
