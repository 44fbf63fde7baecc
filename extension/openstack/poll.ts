// Waiting for a remote state with backoff: quick first looks (a fake-driver boot takes ~1.5 s, a
// small import a second), then gradually slower, never a fixed 5 s.
import { sleep } from './http/retryPolicy';

export interface PollOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  initialMs?: number;
  maxMs?: number;
  factor?: number;
}

export class PollTimeout extends Error {}

/** Calls `check` until it returns a value (not undefined); rejects on timeout or abort. */
export async function pollUntil<T>(check: () => Promise<T | undefined>, options: PollOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let delay = options.initialMs ?? 200;
  for (;;) {
    const result = await check();
    if (result !== undefined) return result;
    const left = deadline - Date.now();
    if (left <= 0) throw new PollTimeout(`not done after ${Math.round(options.timeoutMs / 1000)} s`);
    await sleep(Math.min(delay, left), options.signal);
    delay = Math.min(delay * (options.factor ?? 1.5), options.maxMs ?? 2000);
  }
}
