// A read shared by several uploads (a file read once: sharedRead.ts; a URL fetched once:
// urlSource.ts). One consumer's side (QueueTap): chunks are queued for it and pushed as fast as it
// takes them; the feed is told when this consumer may want more (maybeResume) and when it goes
// (remove). The feed's side (SharedFeed): the taps, when the read starts (StartGate), and the
// backlog that pauses it, so that memory stays bounded whatever the number of consumers.

import { Readable } from 'node:stream';
import { READ_CHUNK } from './imageFile';

export interface TapFeed {
  /** A consumer took data: the shared read may go on if every consumer has room. */
  maybeResume(): void;
  /** A consumer went (destroyed): it no longer holds the read back. */
  remove(tap: QueueTap): void;
}

export class QueueTap extends Readable {
  queue: Buffer[] = [];
  queued = 0;
  onBytes?: (n: number) => void;
  protected ended = false;
  /** The consumer asked for data (_read) and push() has not said "enough" since. */
  protected wanting = false;

  constructor(protected readonly feed: TapFeed) {
    super({ highWaterMark: READ_CHUNK });
  }

  enqueue(chunk: Buffer): void {
    this.queue.push(chunk);
    this.queued += chunk.length;
    this.flush();
  }

  end(): void {
    this.ended = true;
    this.flush();
  }

  override _read(): void {
    this.wanting = true;
    this.flush();
  }

  protected flush(): void {
    while (this.wanting && this.queue.length) {
      const chunk = this.queue.shift()!;
      this.queued -= chunk.length;
      this.onBytes?.(chunk.length);
      this.wanting = this.push(chunk);
    }
    if (!this.queue.length) this.drained();
    this.feed.maybeResume();
  }

  /** Everything queued was taken: the end once the feed has ended (a subclass may go on otherwise). */
  protected drained(): void {
    if (this.ended) this.push(null);
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.queue = [];
    this.queued = 0;
    this.feed.remove(this);
    callback(err);
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

  constructor(participants: number, startAfterMs: number, protected readonly hwm: number) {
    this.gate = new StartGate(participants, startAfterMs, () => this.start());
  }

  protected abstract newTap(): T;
  protected abstract start(): void;
  /** The read being shared, once it started. */
  protected abstract sharedStream(): Readable | undefined;

  /** Whether the shared read began: a participant then reads on its own. */
  get started(): boolean {
    return this.sharedStream() !== undefined;
  }
  abstract remove(tap: T): void;

  /** The consumers the shared read feeds. */
  protected attached(): T[] {
    return [...this.taps];
  }

  /** A participant's tap of the shared read; undefined once it started. */
  tap(onBytes?: (n: number) => void): Readable | undefined {
    if (this.started) return undefined;
    const tap = this.newTap();
    tap.onBytes = onBytes;
    this.taps.add(tap);
    this.gate.settle();
    return tap;
  }

  /** A participant that will not take a tap (skipped, failed or cancelled before sending data). */
  release(): void {
    this.gate.settle();
  }

  /** A chunk of the shared read to every attached consumer; the read pauses while one holds a full backlog. */
  protected fanOut(chunk: Buffer): void {
    const attached = this.attached();
    for (const tap of attached) {
      tap.enqueue(chunk);
      this.peakBacklog = Math.max(this.peakBacklog, tap.queued);
    }
    const stream = this.sharedStream();
    if (stream && !stream.isPaused() && attached.some((t) => t.queued >= this.hwm)) stream.pause();
  }

  maybeResume(): void {
    const stream = this.sharedStream();
    if (!stream || !stream.isPaused() || stream.readableEnded || stream.destroyed) return;
    if (this.attached().every((t) => t.queued < this.hwm / 2)) stream.resume();
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
