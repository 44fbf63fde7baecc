// One consumer's side of a read shared by several uploads (a file read once: sharedRead.ts; a URL
// fetched once: urlSource.ts): chunks are queued for it and pushed as fast as it takes them; the
// feed is told when this consumer may want more (maybeResume) and when it goes (remove), so the
// shared read runs at the pace the feed chooses and memory stays bounded by the feed's backlog.

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
