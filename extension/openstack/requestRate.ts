// An API rate limit for one cloud: at most `perSecond` requests a second, each taking its turn
// 1/perSecond after the one before (no bursts: a fleet's hundreds of polls and creates reach the
// cloud evenly). Waiting for a turn ends with the request's AbortSignal.
import { setTimeout as sleep } from 'node:timers/promises';

export class RequestRate {
  /** When the next request may go (ms on `now`'s clock). */
  private next = 0;

  constructor(readonly perSecond: number, private readonly now: () => number = () => performance.now()) {
    if (!(perSecond > 0) || !Number.isFinite(perSecond)) throw new RangeError(`a rate is a positive number of requests a second, not ${perSecond}`);
  }

  /** Resolves when this request may be sent. */
  async turn(signal?: AbortSignal): Promise<void> {
    const t = this.now();
    const start = Math.max(t, this.next);
    this.next = start + 1000 / this.perSecond;
    if (start > t) await sleep(start - t, undefined, { signal });
  }
}
