// md5 + sha256 of a stream, computed on a worker thread so that hashing (~2-3 s of CPU per GiB)
// runs beside the upload instead of in turn with it on the event loop. Chunks are copied into a
// fixed ring of shared memory slots (no allocation per chunk on either side), so memory stays
// bounded: the worker's ~11 MiB plus the ring.
import crypto from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { Hashes } from './imageFile';

const DEFAULT_SLOT_BYTES = 1024 * 1024;
// Four slots absorb the worker's jitter (a slot is ~2 ms of md5 + sha256); eight held more
// RSS (~6 MiB with the page overhead) for no measurable speed (fan-outs of 1 and 4 GiB, interleaved,
// 2026-12-07).
const DEFAULT_SLOTS = 4;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const crypto = require('node:crypto');
const md5 = crypto.createHash('md5');
const sha256 = crypto.createHash('sha256');
const { ring, slotBytes, delayMs } = workerData;
const pause = new Int32Array(new SharedArrayBuffer(4));
parentPort.on('message', (m) => {
  if (m === 'end') return parentPort.postMessage({ md5: md5.digest('hex'), sha256: sha256.digest('hex') });
  if (delayMs) Atomics.wait(pause, 0, 0, delayMs);
  const view = new Uint8Array(ring, m.slot * slotBytes, m.length);
  md5.update(view);
  sha256.update(view);
  parentPort.postMessage(m.slot);
});`;

export interface Hasher {
  /**
   * Undefined when the chunk was taken at once, else resolves once it may be released (the worker
   * is behind). Calls may overlap: chunks are hashed in call order all the same.
   */
  update(chunk: Buffer): Promise<void> | undefined;
  /** The hashes of every chunk given to update() before this call, whether or not it was awaited. */
  digest(): Promise<Hashes>;
  dispose(): void;
}

/** Hashing on the calling thread: for small files, where starting a worker costs more than it saves. */
export function inlineHasher(): Hasher {
  const md5 = crypto.createHash('md5');
  const sha256 = crypto.createHash('sha256');
  return {
    update(chunk) { md5.update(chunk); sha256.update(chunk); return undefined; },
    digest: async () => ({ md5: md5.digest('hex'), sha256: sha256.digest('hex') }),
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
export function workerHasher(options: WorkerHasherOptions = {}): Hasher {
  const slots = options.slots ?? DEFAULT_SLOTS;
  const slotBytes = options.slotBytes ?? DEFAULT_SLOT_BYTES;
  const ring = new SharedArrayBuffer(slots * slotBytes);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ring, slotBytes, delayMs: options.delayMs ?? 0 } });
  worker.unref();
  const free = Array.from({ length: slots }, (_, i) => i);
  /** Who waits for a free slot: only the head of `queue` does, but a list cannot lose a waiter. */
  const waiters: (() => void)[] = [];
  /** Every update not yet fully handed over, chained in call order. */
  let queue: Promise<void> = Promise.resolve();
  let queued = 0;
  let broken: Error | undefined;
  let result: ((h: Hashes) => void) | undefined;
  let failed: ((e: Error) => void) | undefined;
  const breakWith = (e: Error) => {
    broken ??= e;
    failed?.(broken);
    for (const wake of waiters.splice(0)) wake();
  };
  worker.on('message', (m: number | Hashes) => {
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
      return new Promise<Hashes>((resolve, reject) => {
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
