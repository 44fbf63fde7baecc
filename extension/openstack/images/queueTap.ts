// A read shared by several uploads (a file read once: sharedRead.ts; a URL fetched once:
// urlSource.ts). One consumer's side (QueueTap): chunks (lent, pooledRead.ts) are queued for it
// and taken in order as it asks for them; the feed is told when this consumer may want more
// (maybeResume) and when it goes (remove). The feed's side (SharedFeed): the taps, when the read
// starts (StartGate), and the backlog that pauses it, so that memory stays bounded whatever the
// number of consumers.

import { LeaseStream, type ImageStream } from './leaseStream';
import { READ_CHUNK, type Lease, type LeaseSource } from './pooledRead';

export interface TapFeed {
  /** A consumer took data: the shared read may go on if every consumer has room. */
  maybeResume(): void;
  /** A consumer went (stopped): it no longer holds the read back. */
  remove(tap: QueueTap): void;
}

/** One consumer's queue of the shared read's chunks, taken in order by its LeaseStream. */
export class QueueTap implements LeaseSource {
  private queue: Lease[] = [];
  queued = 0;
  /** Bytes taken by the consumer: where it would go on with a read of its own. */
  taken = 0;
  protected ended = false;
  protected closed = false;
  private failure?: Error;
  private wake?: () => void;

  constructor(protected readonly feed: TapFeed) {}

  enqueue(lease: Lease): void {
    if (this.closed) return lease.release();
    this.queue.push(lease);
    this.queued += lease.bytes.length;
    this.notify();
  }

  /** The shared read ended: the consumer gets what is queued, then the end. */
  end(): void {
    this.ended = true;
    this.notify();
  }

  /** The shared read failed: the consumer's next chunk is this error. */
  fail(error: Error): void {
    this.failure ??= error;
    this.dropQueue();
    this.notify();
  }

  async next(): Promise<Lease | undefined> {
    for (;;) {
      if (this.closed) return undefined;
      const lease = this.queue.shift();
      if (lease) {
        this.queued -= lease.bytes.length;
        this.taken += lease.bytes.length;
        this.feed.maybeResume();
        return lease;
      }
      if (this.failure) throw this.failure;
      if (this.ended) return undefined;
      const elsewhere = this.drained();
      if (elsewhere) return elsewhere;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** Everything queued was taken and more is to come: a subclass may read it from elsewhere. */
  protected drained(): Promise<Lease | undefined> | undefined {
    return undefined;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.dropQueue();
    this.notify();
    this.feed.remove(this);
  }

  protected dropQueue(): void {
    for (const lease of this.queue.splice(0)) lease.release();
    this.queued = 0;
  }

  protected notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/**
 * Bytes one consumer may have queued before the shared read pauses (it goes on once every consumer
 * is under half). The consumers share the chunks, so memory is about one consumer's backlog,
 * whatever their number (two while a detached one drains its queue). 4 GiB read once for the three
 * local clouds (one glance worker) against curl's three PUTs at once: 8 MiB 1.05x (mean of 2
 * rounds; a paused read left sockets idle), 32 MiB 0.96x (2 rounds) but RSS +75 MiB with each
 * cloud's method, 16 MiB 0.94x and 1.01x (2 runs), RSS +43 MiB (PUT) / +49..52 MiB (each cloud's
 * method). 12 MiB (2026-12-07, interleaved with 16 MiB, a 4-slot hash ring in both): 1 GiB PUT to
 * the three clouds 19.0-21.8 s against 19.7-23.3 s (5 rounds each; curl at once 18.8-23.2 s),
 * 4 GiB 111 and 101 s against 98.5 and 110 s (curl at once 108 s): no slower, and a peak RSS of
 * 125-132 MiB against 133-137 MiB (a listing: 64 MiB). A URL's read (urlSource.ts) shares the rule:
 * the same chunks, the same bound.
 */
export const SHARED_BACKLOG = 12 * READ_CHUNK;

/**
 * A read with one consumer shares nothing: it only has to stay ahead of that consumer's socket.
 * 1 GiB to one cloud, three interleaved rounds: 16, 4 and 1 MiB took the same time (5.5-7.1 s,
 * within the cloud's noise), and 4 MiB held 12 MiB less RSS than 16.
 */
export const SOLE_BACKLOG = 4 * READ_CHUNK;

/** A read of the file for one consumer alone (a retry, a detached cloud): its pool of buffers. */
export const OWN_READ_SLOTS = SOLE_BACKLOG / READ_CHUNK;

/** The backlog rule for a read with this many consumers. */
export function backlogFor(participants: number): number {
  return participants > 1 ? SHARED_BACKLOG : SOLE_BACKLOG;
}

/**
 * The feed side of a shared read (sharedRead.ts: a file; urlSource.ts: a URL): the participants'
 * taps, the gate that starts the read once they are ready, and the backlog rule above.
 */
export abstract class SharedFeed<T extends QueueTap> implements TapFeed {
  readonly taps = new Set<T>();
  /** The largest backlog one consumer ever had (bytes read but not yet taken): memory bound check. */
  peakBacklog = 0;
  protected readonly gate: StartGate;
  /** The shared read waits for its slowest attached consumer (see SHARED_BACKLOG). */
  protected paused = false;

  constructor(participants: number, startAfterMs: number, protected readonly hwm: number) {
    this.gate = new StartGate(participants, startAfterMs, () => this.start());
  }

  protected abstract newTap(): T;
  protected abstract start(): void;
  /** Whether the shared read began: a participant then reads on its own. */
  abstract get started(): boolean;
  /** The shared read may go on (the slowest attached consumer is under half its backlog). */
  protected abstract resumeRead(): void;
  abstract remove(tap: T): void;

  /** The consumers the shared read feeds. */
  protected attached(): T[] {
    return [...this.taps];
  }

  /** A participant's tap of the shared read; undefined once it started. */
  tap(onBytes?: (n: number) => void): ImageStream | undefined {
    if (this.started) return undefined;
    const tap = this.newTap();
    this.taps.add(tap);
    this.gate.settle();
    return new LeaseStream(tap, onBytes);
  }

  /** A participant that will not take a tap (skipped, failed or cancelled before sending data). */
  release(): void {
    this.gate.settle();
  }

  /** A chunk of the shared read to every attached consumer; the read pauses while one holds a full backlog. */
  protected fanOut(lease: Lease): void {
    const attached = this.attached();
    if (!attached.length) return lease.release();
    lease.share(attached.length - 1);
    for (const tap of attached) {
      tap.enqueue(lease);
      this.peakBacklog = Math.max(this.peakBacklog, tap.queued);
    }
    if (this.paused || !attached.some((t) => t.queued >= this.hwm)) return;
    this.paused = true;
    this.pauseRead();
  }

  /** The shared read should wait (a pull loop checks `paused` itself; a stream is paused here). */
  protected pauseRead(): void { /* a pull loop checks `paused` */ }

  maybeResume(): void {
    if (!this.paused || !this.attached().every((t) => t.queued < this.hwm / 2)) return;
    this.paused = false;
    this.resumeRead();
  }
}

/**
 * When a shared read starts: once every participant took its tap or declined, or a while after the
 * first one did. A participant still busy elsewhere (a long record creation) must not hold the
 * others back: once the wait is over it reads on its own, as a retry does.
 */
export class StartGate {
  private settled = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly participants: number, private readonly waitMs: number, private readonly start: () => void) {}

  /** One participant took its tap or will not take one. */
  settle(): void {
    this.settled++;
    if (this.settled >= this.participants) this.open();
    else this.timer ??= setTimeout(() => this.open(), this.waitMs);
  }

  open(): void {
    this.cancel();
    this.start();
  }

  cancel(): void {
    clearTimeout(this.timer);
  }
}
