// Integrity under load (issue 10 item 7): the md5/sha256 we compare with glance's checksum must be
// the hash of exactly the bytes sent, in order, even when the worker hasher is behind (its ring of
// slots full) at the moment the last chunk arrives. A tiny ring and a worker that sleeps before
// each piece make "behind" certain instead of a matter of luck under load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HashingRead, ImageFile, type Hashes } from '../../extension/openstack/images/imageFile';
import { LeaseStream } from '../../extension/openstack/images/leaseStream';
import { unpooled, type LeaseSource } from '../../extension/openstack/images/pooledRead';
import { workerHasher } from '../../extension/openstack/images/hashWorker';
import { seededRandom } from '../support/random';

const SLOTS = 2;
const SLOT_BYTES = 4096;
const slowHasher = () => workerHasher({ slots: SLOTS, slotBytes: SLOT_BYTES, delayMs: 1 });

const reference = (data: Buffer): Hashes => ({
  md5: crypto.createHash('md5').update(data).digest('hex'),
  sha256: crypto.createHash('sha256').update(data).digest('hex'),
});

/**
 * Random chunk sizes; the last chunk comes while the slow worker still holds the ring, and is either
 * one slot or less (it waits for one slot, as a 1 MiB read chunk does) or larger than the whole ring.
 */
function chunking(random: () => number, data: Buffer): Buffer[] {
  const last = random() < 0.5 ? 1 + Math.floor(random() * SLOT_BYTES) : (SLOTS + 1) * SLOT_BYTES + Math.floor(random() * 3 * SLOTS * SLOT_BYTES);
  const chunks: Buffer[] = [];
  let offset = 0;
  while (offset < data.length - last) {
    const size = Math.min(data.length - last - offset, 1 + Math.floor(random() * 3 * SLOT_BYTES));
    chunks.push(data.subarray(offset, offset + size));
    offset += size;
  }
  chunks.push(data.subarray(offset));
  return chunks;
}

/** The chunks as a read would lend them (unpooled: nothing to give back). */
function chunkSource(chunks: Buffer[]): LeaseSource {
  let next = 0;
  return { next: async () => (next < chunks.length ? unpooled(chunks[next++]) : undefined), close() { /* nothing held */ } };
}

/** Fails instead of hanging when a waiter was lost. */
function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer after ${ms} ms`)), ms)));
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

test('the streamed hashes equal crypto on the same bytes when the worker is behind at the last chunk, over many random chunkings', async () => {
  const random = seededRandom(107).next;
  for (let run = 0; run < 40; run++) {
    const data = crypto.randomBytes(8 * SLOT_BYTES + Math.floor(random() * 12 * SLOT_BYTES));
    let recorded: Hashes | undefined;
    const read = new HashingRead(chunkSource(chunking(random, data)), data.length, (h) => (recorded = h), slowHasher());
    const received: Buffer[] = [];
    await within(10_000, `run ${run}`, (async () => { for await (const chunk of new LeaseStream(read)) received.push(chunk); })());
    assert.deepEqual(Buffer.concat(received), data, `run ${run}: the bytes pass through unchanged`);
    assert.deepEqual(recorded, reference(data), `run ${run} (${data.length} bytes): hashes differ from crypto's`);
  }
});

test('the hashes are recorded even when the consumer stops asking at the last byte and never reads the end', async () => {
  const data = crypto.randomBytes(20 * SLOT_BYTES + 5);
  let recorded: Hashes | undefined;
  const read = new HashingRead(chunkSource(chunking(seededRandom(7).next, data)), data.length, (h) => (recorded = h), slowHasher());
  let got = 0;
  while (got < data.length) got += (await read.next())!.bytes.length;
  await within(10_000, 'digest', read.finishing ?? Promise.reject(new Error('no digest started')));
  assert.deepEqual(recorded, reference(data));
});

test('the worker hasher keeps the order of updates that were not awaited, with several waiting for a slot, and digest waits for all of them', async () => {
  const random = seededRandom(42).next;
  for (let run = 0; run < 10; run++) {
    const data = crypto.randomBytes(10 * SLOT_BYTES + Math.floor(random() * 10 * SLOT_BYTES));
    const hasher = slowHasher();
    const updates: Promise<void>[] = [];
    for (const chunk of chunking(random, data)) {
      const accepted = hasher.update(chunk);
      if (accepted) updates.push(accepted);
    }
    const digest = hasher.digest();
    await within(10_000, `run ${run}: updates`, Promise.all(updates));
    assert.deepEqual(await within(10_000, `run ${run}: digest`, digest), reference(data), `run ${run}`);
    hasher.dispose();
  }
});

test('disposing the worker hasher while an update waits for a slot rejects it (no update hangs)', async () => {
  const hasher = workerHasher({ slots: 1, slotBytes: 16, delayMs: 50 });
  const waiting = hasher.update(Buffer.alloc(16 * 8));
  assert.ok(waiting, 'the update has to wait for the ring');
  hasher.dispose();
  await assert.rejects(within(5_000, 'update', waiting), /disposed/);
});

test('hashesAfterRead answers once a complete read has hashed the file, without waiting for a newer read still in flight (a retry of another target)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'integrity-hash-'));
  try {
    const data = crypto.randomBytes(3 * 1024 * 1024 + 11);
    fs.writeFileSync(path.join(dir, 'disk.raw'), data);
    const image = await ImageFile.open(path.join(dir, 'disk.raw'));
    const first = image.open();
    const second = image.open(); // opened, not consumed yet: it must not hold the first one's answer
    await pipeline(first, new Writable({ write(_c, _e, cb) { cb(); } }));
    assert.deepEqual(await within(5_000, 'hashesAfterRead', image.hashesAfterRead()), reference(data));
    second.destroy();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a file that grows or shrinks while it is read fails the read instead of leaving it unsettled with no hashes', async () => {
  const drainAll = async (read: HashingRead) => { for await (const _ of new LeaseStream(read)) { /* counted and hashed */ } };
  const grown = new HashingRead(chunkSource([Buffer.alloc(6), Buffer.alloc(6)]), 10, () => assert.fail('no hashes for a file that changed'));
  await assert.rejects(drainAll(grown), /changed while it was read: more than its 10 bytes/);
  const shrunk = new HashingRead(chunkSource([Buffer.alloc(6)]), 10, () => assert.fail('no hashes for a file that changed'));
  await assert.rejects(drainAll(shrunk), /changed while it was read: it ended after 6 of its 10 bytes/);
  await within(1_000, 'settled after the failed reads', Promise.all([grown.settled, shrunk.settled]));
});

test('a cancelled hashes() rejects and leaves no file open', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'integrity-cancel-'));
  try {
    fs.writeFileSync(path.join(dir, 'disk.raw'), crypto.randomBytes(8 * 1024 * 1024));
    const image = await ImageFile.open(path.join(dir, 'disk.raw'));
    const openFiles = () => fs.readdirSync('/proc/self/fd').length;
    const before = openFiles();
    const controller = new AbortController();
    const hashing = image.hashes(controller.signal);
    setImmediate(() => controller.abort());
    await assert.rejects(hashing, /aborted/i);
    await new Promise((r) => setTimeout(r, 50)); // a read in flight closes the file when it returns
    assert.equal(openFiles(), before, 'the file descriptor was closed');
    assert.equal(image.knownHashes(), undefined, 'no hashes from a cut read');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
