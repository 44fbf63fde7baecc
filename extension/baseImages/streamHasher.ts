// Digests of a stream computed beside its transfer: a download (download.ts), a file read for an
// upload (openstack/images/imageFile.ts), a URL read once for many clouds (urlSource.ts). Above a
// size the hashing runs on a worker thread, so that it goes on beside the transfer instead of in
// turn with it on the event loop. Chunks are copied into a fixed ring of shared memory slots (no
// allocation per chunk on either side), so memory stays bounded (the worker's ~11 MiB plus the
// ring) and a hash that falls behind slows the transfer instead of piling up. Small streams are
// hashed on the calling thread, where starting a worker costs more than it saves.
import crypto from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { HashAlgorithm } from './checksums';

export type Digests = Partial<Record<HashAlgorithm, string>>;

export interface StreamHasher {
  /**
   * Undefined when the chunk was taken at once, else resolves once it may be released (the worker
   * is behind). Calls may overlap: chunks are hashed in call order all the same.
   */
  update(chunk: Buffer): Promise<void> | undefined;
  /** The digests of every chunk given to update() before this call, whether or not it was awaited. */
  digest(): Promise<Digests>;
  dispose(): void;
}

export const WORKER_FROM_BYTES = 64 * 1024 * 1024;
const DEFAULT_SLOT_BYTES = 1024 * 1024;
const DEFAULT_SLOTS = 8;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const crypto = require('node:crypto');
const { algorithms, ring, slotBytes, delayMs } = workerData;
const hashes = algorithms.map((a) => [a, crypto.createHash(a)]);
const pause = new Int32Array(new SharedArrayBuffer(4));
parentPort.on('message', (m) => {
  if (m === 'end') return parentPort.postMessage(Object.fromEntries(hashes.map(([a, h]) => [a, h.digest('hex')])));
  if (delayMs) Atomics.wait(pause, 0, 0, delayMs);
  const view = new Uint8Array(ring, m.slot * slotBytes, m.length);
  for (const [, h] of hashes) h.update(view);
  parentPort.postMessage(m.slot);
});`;

/** Hashing on the calling thread: for small streams. */
export function inlineHasher(algorithms: HashAlgorithm[]): StreamHasher {
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

export interface WorkerHasherOptions {
  slots?: number;
  slotBytes?: number;
  /** Tests: the worker sleeps this long before each piece, so that the ring fills up. */
  delayMs?: number;
}

/**
 * Updates are handed to the worker strictly in call order: one that cannot go at once (the ring is
 * full) queues behind the ones before it, later ones queue behind it, and digest() waits for the
 * whole queue. Without that, a digest started while the last chunk waited for a slot hashed a file
 * without its end (the bench's false "checksum mismatch" under load).
 */
export function workerHasher(algorithms: HashAlgorithm[], options: WorkerHasherOptions = {}): StreamHasher {
  const slots = options.slots ?? DEFAULT_SLOTS;
  const slotBytes = options.slotBytes ?? DEFAULT_SLOT_BYTES;
  const ring = new SharedArrayBuffer(slots * slotBytes);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { algorithms, ring, slotBytes, delayMs: options.delayMs ?? 0 } });
  worker.unref();
  const free = Array.from({ length: slots }, (_, i) => i);
  /** Who waits for a free slot: only the head of `queue` does, but a list cannot lose a waiter. */
  const waiters: (() => void)[] = [];
  /** Every update not yet fully handed over, chained in call order. */
  let queue: Promise<void> = Promise.resolve();
  let queued = 0;
  let broken: Error | undefined;
  let result: ((d: Digests) => void) | undefined;
  let failed: ((e: Error) => void) | undefined;
  const breakWith = (e: Error) => {
    broken ??= e;
    failed?.(broken);
    for (const wake of waiters.splice(0)) wake();
  };
  worker.on('message', (m: number | Digests) => {
    if (typeof m !== 'number') return result?.(m);
    free.push(m);
    waiters.shift()?.();
  });
  worker.on('error', breakWith);
  worker.on('exit', (code) => breakWith(new Error(`the hashing worker stopped (exit ${code})`)));

  const send = (piece: Buffer) => {
    const slot = free.shift()!;
    new Uint8Array(ring, slot * slotBytes, piece.length).set(piece);
    worker.postMessage({ slot, length: piece.length });
  };
  const sendAll = async (chunk: Buffer) => {
    for (let offset = 0; offset < chunk.length; offset += slotBytes) {
      while (!broken && free.length === 0) await new Promise<void>((resolve) => waiters.push(resolve));
      if (broken) throw broken;
      send(chunk.subarray(offset, offset + slotBytes));
    }
  };

  return {
    update(chunk) {
      if (broken) return Promise.reject(broken);
      if (queued === 0 && chunk.length <= slotBytes && free.length > 0) {
        send(chunk);
        return undefined;
      }
      queued++;
      const accepted = queue.then(() => sendAll(chunk)).finally(() => queued--);
      queue = accepted.catch(() => undefined);
      return accepted;
    },
    async digest() {
      await queue;
      if (broken) throw broken;
      return new Promise<Digests>((resolve, reject) => {
        result = resolve;
        failed = reject;
        worker.postMessage('end');
      });
    },
    dispose() {
      breakWith(new Error('the hasher was disposed'));
      void worker.terminate();
    },
  };
}

/** A hasher for the algorithms; on a worker thread when the stream is expected to be large. */
export function streamHasher(algorithms: HashAlgorithm[], expectedBytes: number | undefined, workerFrom = WORKER_FROM_BYTES): StreamHasher {
  return (expectedBytes ?? Infinity) >= workerFrom ? workerHasher(algorithms) : inlineHasher(algorithms);
}
