// md5 + sha256 of a stream, computed on a worker thread so that hashing (~2-3 s of CPU per GiB)
// runs beside the upload instead of in turn with it on the event loop. Chunks are copied to the
// worker; at most MAX_IN_FLIGHT bytes wait there, so memory stays bounded.
import crypto from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { Hashes } from './imageFile';

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const crypto = require('node:crypto');
const md5 = crypto.createHash('md5');
const sha256 = crypto.createHash('sha256');
parentPort.on('message', (m) => {
  if (m === 'end') return parentPort.postMessage({ md5: md5.digest('hex'), sha256: sha256.digest('hex') });
  md5.update(m);
  sha256.update(m);
  parentPort.postMessage(m.byteLength);
});`;

const MAX_IN_FLIGHT = 32 * 1024 * 1024;

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

export function workerHasher(): Hasher {
  const worker = new Worker(WORKER_SOURCE, { eval: true });
  worker.unref();
  let inFlight = 0;
  let waiting: (() => void) | undefined;
  let result: ((h: Hashes) => void) | undefined;
  let failed: ((e: Error) => void) | undefined;
  worker.on('message', (m: number | Hashes) => {
    if (typeof m === 'number') {
      inFlight -= m;
      if (waiting && inFlight <= MAX_IN_FLIGHT / 2) {
        const w = waiting;
        waiting = undefined;
        w();
      }
    } else result?.(m);
  });
  worker.on('error', (e) => failed?.(e));
  return {
    update(chunk) {
      const copy = new Uint8Array(chunk.length);
      copy.set(chunk);
      inFlight += copy.length;
      worker.postMessage(copy, [copy.buffer]);
      if (inFlight <= MAX_IN_FLIGHT) return undefined;
      return new Promise<void>((resolve) => (waiting = resolve));
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
