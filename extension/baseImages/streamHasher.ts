// Digests of a stream computed beside the transfer and, for a download, its bytes appended to the
// file by the same worker. Above a size, bytes gather in 4 MiB batches whose memory is handed
// (transferred, not copied) to a worker thread that hashes them, writes them when asked, and hands
// them back to be filled again (fresh memory for every batch cost more in page faults than the
// hashing itself). A download's socket reads land in the batch itself (the writer is a BodySink:
// `space` lends the free part of the batch): the event loop only receives, and a gigabyte's
// hashing and writes (~0.6 s and ~0.35 s of CPU on a quiet machine here) stay off it. At most a
// few batches are in flight, so memory stays bounded and a slow hash or disk slows the transfer
// instead of piling up. Small streams are hashed on the calling thread, where a worker would
// cost more than it saves.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { BodySink } from './bodySink';
import type { HashAlgorithm } from './checksums';

export type Digests = Partial<Record<HashAlgorithm, string>>;

export interface StreamHasher {
  /** Hashes the chunk; resolves when the chunk may be released, undefined when it already may. */
  update(chunk: Buffer): Promise<void> | undefined;
  digest(): Promise<Digests>;
  /** Stops the worker; once resolved, nothing more is written to the file. */
  dispose(): Promise<void>;
}

/**
 * Also a sink for a download's body: what is read into `space()` is hashed and appended to the
 * file (after everything given before, hashed only or written). Not to be used while an `update`
 * is still pending.
 */
export interface HashingWriter extends StreamHasher, BodySink {}

export interface StreamHasherOptions {
  /** Size from which hashing runs on a worker thread (tests lower it). */
  workerFrom?: number;
  /** Descriptor of the file that `write` appends to; open until `dispose` has resolved. */
  fd?: number;
}

export const WORKER_FROM_BYTES = 64 * 1024 * 1024;
// 4 MiB batches, 4 in flight: a 1 GiB fetch from a loopback mirror took a median 1.23 s against
// 1.31 s with 1 MiB batches, 8 in flight (10 alternated runs each; 8 MiB x 4 also 1.23 s): a quarter
// of the hand-overs, wake-ups and first reads copied in after a hand-over (bodySink.ts).
const BATCH_BYTES = 4 * 1024 * 1024;
const IN_FLIGHT = 4;
// Each batch goes to the file in 32 KiB writes. Measured here (Linux 6.18, ext4), a gigabyte written
// 1 MiB at a time took 3.4-4.1 s of kernel time, 256 KiB at a time 2.4-2.9 s, 64 KiB 1.1-1.5 s.
// 32 KiB writes are as fast as 64 KiB ones when the machine is quiet, and steadier after a few
// gigabytes were written and deleted (dd from the page cache, 5 alternated rounds: 64 KiB
// 0.37-1.67 s, 32 KiB 0.40-0.77 s, 16 KiB 0.54-1.21 s; a 1 GiB fetch, 10 rounds: 64 KiB 1.12-1.83 s,
// 32 KiB 1.06-1.43 s, curl 0.97-2.17 s; the bench's median lower with 32 KiB in all of five such
// periods, though no size is steady there: README, "Fetching: performance"). Likely why: the page
// cache takes a folio the size of the write, and up to 32 KiB (order 3) the kernel serves it from
// its per-CPU lists of pages just freed, where a 64 KiB one comes from the buddy allocator's free
// blocks, which in a VM the host may have reclaimed and must fault in again.
const WRITE_BYTES = 32 * 1024;

// The worker starts without knowing its stream (it may start ahead of it: prestartHashWorker); its
// first message says what to hash and where to write.
const WORKER = `
const { parentPort } = require('node:worker_threads');
const crypto = require('node:crypto');
const fs = require('node:fs');
let hashes = [];
let fd;
parentPort.on('message', (m) => {
  if (m.setup) {
    hashes = m.setup.algorithms.map((a) => [a, crypto.createHash(a)]);
    fd = m.setup.fd;
    return;
  }
  if (m === 'end') return parentPort.postMessage(Object.fromEntries(hashes.map(([a, h]) => [a, h.digest('hex')])));
  const view = new Uint8Array(m.buffer, 0, m.length);
  for (const [, h] of hashes) h.update(view);
  for (let at = m.writeFrom; at < m.length; ) at += fs.writeSync(fd, view, at, Math.min(${WRITE_BYTES}, m.length - at));
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
  // One buffer lent again and again: the reader waits for each write before its next read.
  let lent: Buffer | undefined;
  return {
    update,
    space: () => (lent ??= Buffer.allocUnsafe(WRITE_BYTES)),
    filled(n) {
      const chunk = lent!.subarray(0, n);
      update(chunk);
      return writeAll(fd!, chunk);
    },
    digest: async () => Object.fromEntries(hashes.map(([a, h]) => [a, h.digest('hex')])),
    dispose: async () => { /* nothing held */ },
  };
}

/** A worker started ahead of the hasher that will take it (prestartHashWorker), not yet taken. */
let spare: Worker | undefined;

function startHashWorker(): Worker {
  const worker = new Worker(WORKER, { eval: true });
  worker.unref();
  return worker;
}

/**
 * Starts the hashing worker of the next large stream now, for the next hasher made to take. A
 * worker takes ~25-30 ms to start here, and a gigabyte's download fills the batches it may have
 * in flight (16 MiB) in ~15 ms, then waits for the rest: started while the image is resolved,
 * the worker is ready when the body comes (1 GiB from a loopback mirror, 5 pairs under strace,
 * with 1 MiB batches: 21-215 ms less from the image's GET to the exit, 59 ms in the median pair).
 * Returns the release, which stops the worker if no hasher took it (a cache hit, a small image);
 * a prestart while one is waiting shares it.
 */
export function prestartHashWorker(): () => void {
  if (!spare) {
    const worker = startHashWorker();
    spare = worker;
    // A spare that fails before it is taken is dropped (its hasher would be told by 'exit').
    worker.on('error', () => undefined);
    worker.once('exit', () => {
      if (spare === worker) spare = undefined;
    });
  }
  const prestarted = spare;
  return () => {
    if (spare !== prestarted) return;
    spare = undefined;
    void prestarted.terminate();
  };
}

function workerHasher(algorithms: HashAlgorithm[], fd: number | undefined): HashingWriter {
  const worker = spare ?? startHashWorker();
  spare = undefined;
  worker.postMessage({ setup: { algorithms, fd } });
  const free: Buffer[] = [];
  let batch: Buffer = Buffer.allocUnsafeSlow(BATCH_BYTES);
  let filled = 0;
  /** Where the batch's written bytes begin (a resumed download hashes the part on disk first, unwritten); none: hashed only. */
  let writeFrom: number | undefined;
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
  const breakWith = (e: Error) => {
    failure ??= e;
    failed?.(failure);
    acked?.();
  };
  worker.on('error', breakWith);
  // A worker that stops without an error (killed, out of memory) must not leave a waiter hanging.
  worker.on('exit', (code) => breakWith(new Error(`the hashing worker stopped (exit ${code})`)));
  /** Hands the batch over (the caller has made room) and starts the next. */
  const send = () => {
    const buffer = batch.buffer;
    worker.postMessage({ buffer, length: filled, writeFrom: writeFrom ?? filled }, [buffer as ArrayBuffer]);
    inFlight++;
    batch = free.pop() ?? Buffer.allocUnsafeSlow(BATCH_BYTES);
    filled = 0;
    writeFrom = undefined;
  };
  const room = async () => {
    while (inFlight >= IN_FLIGHT && !failure) await new Promise<void>((resolve) => (acked = resolve));
    if (failure) throw failure;
  };
  const feed = (chunk: Buffer): Promise<void> | undefined => {
    if (writeFrom !== undefined && filled > writeFrom) {
      // A batch is hashed-only bytes, then written ones: these go in the next.
      return (async () => {
        await room();
        send();
        await feed(chunk);
      })();
    }
    writeFrom = undefined;
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
      if (rest.length) await feed(rest);
    })();
  };
  // Chunks reach the batches in call order even when a caller does not wait for the previous
  // update: one that arrives while another waits for room queues behind it (as hashWorker.ts does),
  // and digest() waits for the queue. Otherwise two waiters would race for the one wake-up.
  let pending: Promise<void> | undefined;
  const update = (chunk: Buffer): Promise<void> | undefined => {
    const taken = pending ? pending.then(() => feed(chunk)) : feed(chunk);
    if (!taken) return undefined;
    const tracked: Promise<void> = taken.finally(() => {
      if (pending === tracked) pending = undefined;
    });
    pending = tracked;
    return tracked;
  };
  return {
    update,
    space() {
      if (pending) throw new Error('space() while an update is pending');
      writeFrom ??= filled;
      return batch.subarray(filled);
    },
    // A full batch goes at once (the reader waited for room before it read into it); the reader
    // waits only when the worker is behind by IN_FLIGHT batches.
    filled(n) {
      if (failure) throw failure;
      filled += n;
      if (filled === BATCH_BYTES) send();
      return inFlight >= IN_FLIGHT ? room() : undefined;
    },
    async digest() {
      await pending;
      await room();
      if (filled) send();
      return new Promise<Digests>((resolve, reject) => {
        if (failure) return reject(failure);
        result = resolve;
        failed = reject;
        worker.postMessage('end');
      });
    },
    async dispose() {
      await worker.terminate();
    },
  };
}

/** A hasher for the algorithms; on a worker thread when the stream is expected to be large. */
export function streamHasher(algorithms: HashAlgorithm[], expectedBytes: number | undefined, options: StreamHasherOptions = {}): HashingWriter {
  const onWorker = (expectedBytes ?? Infinity) >= (options.workerFrom ?? WORKER_FROM_BYTES);
  return onWorker ? workerHasher(algorithms, options.fd) : inlineHasher(algorithms, options.fd);
}
