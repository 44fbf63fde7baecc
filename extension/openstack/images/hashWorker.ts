// md5 + sha256 of a stream, computed on a worker thread so that hashing (~2-3 s of CPU per GiB)
// runs beside the upload instead of in turn with it on the event loop. Chunks are copied into a
// fixed ring of shared memory slots (no allocation per chunk on either side), so memory stays
// bounded: the worker's ~11 MiB plus the ring.
import crypto from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { Hashes } from './imageFile';

const DEFAULT_SLOT_BYTES = 1024 * 1024;
const DEFAULT_SLOTS = 8;

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
  /** Resolves once the chunk may be released (immediately unless the worker is behind). */
  update(chunk: Buffer): Promise<void> | undefined;
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

export function workerHasher(options: WorkerHasherOptions = {}): Hasher {
  const SLOTS = options.slots ?? DEFAULT_SLOTS;
  const SLOT_BYTES = options.slotBytes ?? DEFAULT_SLOT_BYTES;
  const ring = new SharedArrayBuffer(SLOTS * SLOT_BYTES);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ring, slotBytes: SLOT_BYTES, delayMs: options.delayMs ?? 0 } });
  worker.unref();
  const free = Array.from({ length: SLOTS }, (_, i) => i);
  let waiting: (() => void) | undefined;
  let result: ((h: Hashes) => void) | undefined;
  let failed: ((e: Error) => void) | undefined;
  worker.on('message', (m: number | Hashes) => {
    if (typeof m !== 'number') return result?.(m);
    free.push(m);
    const w = waiting;
    waiting = undefined;
    w?.();
  });
  worker.on('error', (e) => failed?.(e));

  const send = (piece: Buffer) => {
    const slot = free.shift()!;
    new Uint8Array(ring, slot * SLOT_BYTES, piece.length).set(piece);
    worker.postMessage({ slot, length: piece.length });
  };
  const slotFreed = () => new Promise<void>((resolve) => (waiting = resolve));

  return {
    update(chunk) {
      if (chunk.length <= SLOT_BYTES && free.length > 0) {
        send(chunk);
        return undefined;
      }
      return (async () => {
        for (let offset = 0; offset < chunk.length; offset += SLOT_BYTES) {
          while (free.length === 0) await slotFreed();
          send(chunk.subarray(offset, offset + SLOT_BYTES));
        }
      })();
    },
    digest() {
      return new Promise<Hashes>((resolve, reject) => {
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
