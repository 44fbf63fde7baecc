// Digests of a stream computed beside the transfer and, for a download, its bytes appended to the
// file, each on a worker thread of its own. Above a size, chunks are gathered into 4 MiB batches
// whose memory is handed (transferred, not copied) to the hashing worker, then, for a batch to be
// written, through the event loop to the writing worker, and back to be filled again (fresh memory
// for every batch cost more in page faults than the hashing itself). The event loop only receives,
// copies and passes batches on; hashing and writing run at once on different batches, where one
// worker did them in turn (a gigabyte's fetch from the loopback mirror: 2.2-2.6 s with one worker,
// 1.5-1.7 s with two, curl 1.1-1.3 s). Batches are never shared memory: V8 copies into a
// SharedArrayBuffer byte-safely, several times slower than into a plain one. The hashing worker
// does not post to the writing one itself: in a worker, that postMessage cost ~0.25 s per
// gigabyte on the critical path, on the idle event loop it costs nothing that is waited for. At
// most a few batches are in flight, so memory stays bounded and a slow hash or disk slows the
// transfer instead of piling up. Small streams are hashed on the calling thread, where a worker
// would cost more than it saves.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { HashAlgorithm } from './checksums';

export type Digests = Partial<Record<HashAlgorithm, string>>;

export interface StreamHasher {
  /** Hashes the chunk; resolves when the chunk may be released, undefined when it already may. */
  update(chunk: Buffer): Promise<void> | undefined;
  digest(): Promise<Digests>;
  /** Stops the workers; once resolved, nothing more is written to the file. */
  dispose(): Promise<void>;
}

export interface HashingWriter extends StreamHasher {
  /** Hashes the chunk and appends it to the file (after all earlier chunks). */
  write(chunk: Buffer): Promise<void> | undefined;
}

export interface StreamHasherOptions {
  /** Size from which hashing runs on a worker thread (tests lower it). */
  workerFrom?: number;
  /** Descriptor of the file that `write` appends to; open until `dispose` has resolved. */
  fd?: number;
}

export const WORKER_FROM_BYTES = 64 * 1024 * 1024;
// Fewer, larger batches: with 1 MiB batches, 8 in flight, the gigabyte took 1.7-1.9 s, with 4 MiB
// ones, 4 in flight, 1.5 s (medians of 13 interleaved runs; 2 and 8 MiB were in between).
const BATCH_BYTES = 4 * 1024 * 1024;
const IN_FLIGHT = 4;
// Each batch goes to the file in 64 KiB writes: measured here (Linux 6.18, ext4), a gigabyte
// written 1 MiB at a time took 3.4-4.1 s of kernel time, 256 KiB at a time 2.4-2.9 s, 64 KiB at a
// time 1.1-1.5 s (as a stream's writes do).
const WRITE_BYTES = 64 * 1024;

/** Hashes each batch; one to be written goes back as `hashed` (for the writer), else as `done`. */
const HASH_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const crypto = require('node:crypto');
const hashes = workerData.algorithms.map((a) => [a, crypto.createHash(a)]);
parentPort.on('message', (m) => {
  if (m === 'end') return parentPort.postMessage(Object.fromEntries(hashes.map(([a, h]) => [a, h.digest('hex')])));
  const view = new Uint8Array(m.buffer, 0, m.length);
  for (const [, h] of hashes) h.update(view);
  if (m.write) parentPort.postMessage({ hashed: m.buffer, length: m.length }, [m.buffer]);
  else parentPort.postMessage({ done: m.buffer }, [m.buffer]);
});`;

/** Appends each batch to the file, in the order received, and hands it back as `done`. */
const WRITE_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
parentPort.on('message', (m) => {
  const view = new Uint8Array(m.buffer, 0, m.length);
  for (let at = 0; at < m.length; ) at += fs.writeSync(workerData.fd, view, at, Math.min(${WRITE_BYTES}, m.length - at));
  parentPort.postMessage({ done: m.buffer }, [m.buffer]);
});`;

async function writeAll(fd: number, chunk: Buffer): Promise<void> {
  for (let at = 0; at < chunk.length; ) {
    at += await new Promise<number>((resolve, reject) => fs.write(fd, chunk, at, chunk.length - at, null, (e, n) => (e ? reject(e) : resolve(n))));
  }
}

function inlineHasher(algorithms: HashAlgorithm[], fd: number | undefined): HashingWriter {
  const hashes = algorithms.map((a) => [a, crypto.createHash(a)] as const);
  const update = (chunk: Buffer): undefined => {
    for (const [, h] of hashes) h.update(chunk);
    return undefined;
  };
  return {
    update,
    write(chunk) {
      update(chunk);
      return writeAll(fd!, chunk);
    },
    digest: async () => Object.fromEntries(hashes.map(([a, h]) => [a, h.digest('hex')])),
    dispose: async () => { /* nothing held */ },
  };
}

type WorkerMessage = { done: ArrayBuffer } | { hashed: ArrayBuffer; length: number } | Digests;

/** The hashing worker and, for a file, the writing one: batches hashed to be written go on to it. */
function startWorkers(algorithms: HashAlgorithm[], fd: number | undefined, onMessage: (m: WorkerMessage) => void, onFailure: (e: Error) => void): { hasher: Worker; writer?: Worker } {
  const hasher = new Worker(HASH_WORKER, { eval: true, workerData: { algorithms } });
  const writer = fd === undefined ? undefined : new Worker(WRITE_WORKER, { eval: true, workerData: { fd } });
  for (const [worker, role] of [[hasher, 'hashing'], [writer, 'writing']] as const) {
    if (!worker) continue;
    worker.unref();
    worker.on('message', (m: WorkerMessage) => ('hashed' in m ? writer!.postMessage({ buffer: m.hashed, length: m.length }, [m.hashed]) : onMessage(m)));
    worker.on('error', onFailure);
    // A worker that stops without an error (killed, out of memory) must not leave a waiter hanging.
    worker.on('exit', (code) => onFailure(new Error(`the ${role} worker stopped (exit ${code})`)));
  }
  return { hasher, writer };
}

function workerHasher(algorithms: HashAlgorithm[], fd: number | undefined): HashingWriter {
  const free: Buffer[] = [];
  let batch: Buffer = Buffer.allocUnsafeSlow(BATCH_BYTES);
  let filled = 0;
  /** Whether the batch being filled is written as well as hashed (a resumed download hashes the part on disk first). */
  let batchWrites = false;
  let inFlight = 0;
  let acked: (() => void) | undefined;
  let result: ((d: Digests) => void) | undefined;
  let failure: Error | undefined;
  let failed: ((e: Error) => void) | undefined;
  const { hasher, writer } = startWorkers(algorithms, fd, (m) => {
    // A digest is a map of hex strings; a returned batch is { done }.
    if (!('done' in m)) return result?.(m as Digests);
    free.push(Buffer.from(m.done));
    inFlight--;
    const wake = acked;
    acked = undefined;
    wake?.();
  }, (e) => {
    failure ??= e;
    failed?.(failure);
    acked?.();
  });
  const send = () => {
    const buffer = batch.buffer;
    hasher.postMessage({ buffer, length: filled, write: batchWrites }, [buffer as ArrayBuffer]);
    inFlight++;
    batch = free.pop() ?? Buffer.allocUnsafeSlow(BATCH_BYTES);
    filled = 0;
  };
  /** Waits until at most `most` batches are out (0 before the digest: every write is then done). */
  const room = async (most = IN_FLIGHT - 1) => {
    while (inFlight > most && !failure) await new Promise<void>((resolve) => (acked = resolve));
    if (failure) throw failure;
  };
  const feed = (chunk: Buffer, write: boolean): Promise<void> | undefined => {
    if (filled > 0 && batchWrites !== write) {
      return (async () => {
        await room();
        send();
        await feed(chunk, write);
      })();
    }
    batchWrites = write;
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
      if (rest.length) await feed(rest, write);
    })();
  };
  // Chunks reach the batches in call order even when a caller does not wait for the previous
  // update: one that arrives while another waits for room queues behind it (as hashWorker.ts does),
  // and digest() waits for the queue. Otherwise two waiters would race for the one wake-up.
  let pending: Promise<void> | undefined;
  const inOrder = (chunk: Buffer, write: boolean): Promise<void> | undefined => {
    const taken = pending ? pending.then(() => feed(chunk, write)) : feed(chunk, write);
    if (!taken) return undefined;
    const tracked: Promise<void> = taken.finally(() => {
      if (pending === tracked) pending = undefined;
    });
    pending = tracked;
    return tracked;
  };
  return {
    update: (chunk) => inOrder(chunk, false),
    write: (chunk) => inOrder(chunk, true),
    async digest() {
      await pending;
      await room();
      if (filled) send();
      await room(0);
      return new Promise<Digests>((resolve, reject) => {
        if (failure) return reject(failure);
        result = resolve;
        failed = reject;
        hasher.postMessage('end');
      });
    },
    async dispose() {
      await Promise.all([hasher.terminate(), writer?.terminate()]);
    },
  };
}

/** A hasher for the algorithms; on a worker thread when the stream is expected to be large. */
export function streamHasher(algorithms: HashAlgorithm[], expectedBytes: number | undefined, options: StreamHasherOptions = {}): HashingWriter {
  const onWorker = (expectedBytes ?? Infinity) >= (options.workerFrom ?? WORKER_FROM_BYTES);
  return onWorker ? workerHasher(algorithms, options.fd) : inlineHasher(algorithms, options.fd);
}
