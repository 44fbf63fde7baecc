// What an upload sends: an image's bytes as an async iterator over lent chunks (pooledRead.ts).
// Each chunk is given back when the consumer asks for the next one, which is when undici's body
// writer is done with it; stopping (return, destroy) gives back what is held and closes the source.
import type { Lease, LeaseSource } from './pooledRead';

/** Bytes to send that can be stopped: a LeaseStream, or a Readable (a URL's own read). */
export interface ImageStream extends AsyncIterable<Buffer> {
  destroy(error?: Error): void;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

export class LeaseStream implements ImageStream, AsyncIterableIterator<Buffer> {
  private current?: Lease;
  private stopped = false;

  /** `onBytes` sees each chunk as the consumer takes it (progress). */
  constructor(private readonly source: LeaseSource, private readonly onBytes?: (n: number) => void) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<Buffer>> {
    this.current?.release();
    this.current = undefined;
    if (this.stopped) return DONE;
    let lease: Lease | undefined;
    try {
      lease = await this.source.next();
    } catch (e) {
      this.destroy();
      throw e;
    }
    if (this.stopped || !lease) {
      lease?.release();
      this.destroy();
      return DONE;
    }
    this.current = lease;
    this.onBytes?.(lease.bytes.length);
    return { done: false, value: lease.bytes };
  }

  async return(): Promise<IteratorResult<Buffer>> {
    this.destroy();
    return DONE;
  }

  /** Stops: the chunk held is given back and the source closed (a pending next() ends). */
  destroy(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.current?.release();
    this.current = undefined;
    this.source.close();
  }
}
