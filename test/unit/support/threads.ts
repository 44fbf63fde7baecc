// This process's thread count, from /proc (a worker thread is one more while it runs): how tests
// see that a worker was started, shared, or stopped.
import assert from 'node:assert/strict';
import fs from 'node:fs';

export function threadCount(): number {
  return Number(/^Threads:\s+(\d+)/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))![1]);
}

/** Waits (up to 5 s) for the count to be `want`: a stopped worker's thread ends soon after. */
export async function threadCountBecomes(want: number, why: string): Promise<void> {
  for (let waited = 0; threadCount() !== want && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
  assert.equal(threadCount(), want, why);
}

/** The count once it has not changed for 100 ms: a worker just told to stop has ended by then. */
export async function settledThreadCount(): Promise<number> {
  let count = threadCount();
  for (let stable = 0, waited = 0; stable < 100 && waited < 5000; waited += 20) {
    await new Promise((r) => setTimeout(r, 20));
    const now = threadCount();
    stable = now === count ? stable + 20 : 0;
    count = now;
  }
  return count;
}
