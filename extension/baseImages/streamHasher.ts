// Digests of a download computed beside the transfer: above a size, chunks are gathered into
// 1 MiB batches whose memory is handed (transferred, not copied) to a worker thread that hashes
// while the event loop goes on receiving and writing, and hands it back to be filled again (fresh
// memory for every batch cost more in page faults than the hashing itself). At most a few
// batches are in flight, so memory stays bounded and a slow hash slows the transfer instead of
// piling up. Small files are hashed on the calling thread, where a worker would cost more than it saves.
import crypto from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { HashAlgorithm } from './checksums';

export type Digests = Partial<Record<HashAlgorithm, string>>;

export interface StreamHasher {
  /** Resolves when the chunk may be released; undefined when it already may. */
  update(chunk: Buffer): Promise<void> | undefined;
  digest(): Promise<Digests>;
  dispose(): void;
}

export const WORKER_FROM_BYTES = 64 * 1024 * 1024;
const BATCH_BYTES = 1024 * 1024;
const IN_FLIGHT = 8;

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const crypto = require('node:crypto');
const hashes = workerData.algorithms.map((a) => [a, crypto.createHash(a)]);
parentPort.on('message', (m) => {
  if (m === 'end') return parentPort.postMessage(Object.fromEntries(hashes.map(([a, h]) => [a, h.digest('hex')])));
  const view = new Uint8Array(m.buffer, 0, m.length);
  for (const [, h] of hashes) h.update(view);
  parentPort.postMessage({ done: m.buffer }, [m.buffer]);
});`;

function inlineHasher(algorithms: HashAlgorithm[]): StreamHasher {
  const hashes = algorithms.map((a) => [a, crypto.createHash(a)] as const);
  return {
    update(chunk) {
      for (const [, h] of hashes) h.update(chunk);
      return undefined;
    },
    digest: async () => Object.fromEntries(hashes.map(([a, h]) => [a, h.digest('hex')])),
    dispose() { /* nothing held */ },
  };
}

function workerHasher(algorithms: HashAlgorithm[]): StreamHasher {
  const worker = new Worker(WORKER, { eval: true, workerData: { algorithms } });
  worker.unref();
  const free: Buffer[] = [];
  let batch: Buffer = Buffer.allocUnsafeSlow(BATCH_BYTES);
  let filled = 0;
  let inFlight = 0;
  let acked: (() => void) | undefined;
  let result: ((d: Digests) => void) | undefined;
  let failure: Error | undefined;
  let failed: ((e: Error) => void) | undefined;
  worker.on('message', (m: { done: ArrayBuffer } | Digests) => {
    // A digest is a map of hex strings; a returned batch is { done }.
    if (!('done' in m)) return result?.(m as Digests);
    free.push(Buffer.from(m.done));
    inFlight--;
    const wake = acked;
    acked = undefined;
    wake?.();
  });
  worker.on('error', (e) => {
    failure = e;
    failed?.(e);
    acked?.();
  });
  const send = () => {
    const buffer = batch.buffer;
    worker.postMessage({ buffer, length: filled }, [buffer as ArrayBuffer]);
    inFlight++;
    batch = free.pop() ?? Buffer.allocUnsafeSlow(BATCH_BYTES);
    filled = 0;
  };
  const room = async () => {
    while (inFlight >= IN_FLIGHT && !failure) await new Promise<void>((resolve) => (acked = resolve));
    if (failure) throw failure;
  };
  const update = (chunk: Buffer): Promise<void> | undefined => {
      let offset = 0;
      while (offset < chunk.length && filled < BATCH_BYTES) {
        const n = chunk.copy(batch, filled, offset);
        filled += n;
        offset += n;
      }
      if (filled < BATCH_BYTES) return undefined;
      return (async () => {
        await room();
        send();
        const rest = chunk.subarray(offset);
        if (rest.length) await update(rest);
      })();
  };
  return {
    update,
    async digest() {
      await room();
      if (filled) send();
      return new Promise<Digests>((resolve, reject) => {
        if (failure) return reject(failure);
        result = resolve;
        failed = reject;
        worker.postMessage('end');
      });
    },
    dispose() {
      void worker.terminate();
    },
  };
}

/** A hasher for the algorithms; on a worker thread when the stream is expected to be large. */
export function streamHasher(algorithms: HashAlgorithm[], expectedBytes: number | undefined, workerFrom = WORKER_FROM_BYTES): StreamHasher {
  return (expectedBytes ?? Infinity) >= workerFrom ? workerHasher(algorithms) : inlineHasher(algorithms);
}
