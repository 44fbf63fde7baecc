import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ImageFile } from '../../extension/openstack/images/imageFile';
import { SharedRead } from '../../extension/openstack/images/sharedRead';
import { SHARED_BACKLOG, SOLE_BACKLOG } from '../../extension/openstack/images/queueTap';

const MiB = 1024 * 1024;

async function file(bytes: number): Promise<{ path: string; sha: string; done: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shared-read-'));
  const p = path.join(dir, 'data.raw');
  const data = crypto.randomBytes(bytes);
  fs.writeFileSync(p, data);
  return { path: p, sha: crypto.createHash('sha256').update(data).digest('hex'), done: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A consumer that hashes what it gets, optionally slowly, optionally failing after some bytes. */
function consumer(options: { delayMs?: number; failAfter?: number } = {}) {
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  const sink = new Writable({
    highWaterMark: MiB,
    write(chunk: Buffer, _e, cb) {
      bytes += chunk.length;
      hash.update(chunk);
      if (options.failAfter !== undefined && bytes > options.failAfter) return cb(new Error('target failed'));
      if (options.delayMs) setTimeout(cb, options.delayMs);
      else setImmediate(cb);
    },
  });
  return { sink, digest: () => hash.digest('hex'), bytes: () => bytes };
}

test('three consumers get identical bytes from one read of the file; hashes are recorded once', async () => {
  const f = await file(24 * MiB + 123);
  const image = await ImageFile.open(f.path);
  const feed = new SharedRead(image, 3);
  const consumers = [consumer(), consumer(), consumer()];
  await Promise.all(consumers.map((c) => pipeline(feed.tap()!, c.sink)));
  for (const c of consumers) assert.equal(c.digest(), f.sha);
  assert.equal(feed.sharedBytes, 24 * MiB + 123);
  assert.equal(feed.ownBytes, 0);
  assert.equal(image.knownHashes()?.sha256, f.sha);
  f.done();
});

test('a slow consumer is detached and reads on its own; the fast ones finish without waiting for it; memory stays bounded', async () => {
  const f = await file(64 * MiB);
  const image = await ImageFile.open(f.path);
  const feed = new SharedRead(image, 2, { highWaterMark: 4 * MiB, detachAfterMs: 200 });
  const fast = consumer();
  const slow = consumer({ delayMs: 40 });
  const started = Date.now();
  const fastDone = pipeline(feed.tap()!, fast.sink).then(() => Date.now() - started);
  const slowDone = pipeline(feed.tap()!, slow.sink).then(() => Date.now() - started);
  const [fastMs, slowMs] = await Promise.all([fastDone, slowDone]);
  assert.equal(fast.digest(), f.sha);
  assert.equal(slow.digest(), f.sha);
  assert.ok(fastMs < slowMs / 2, `fast ${fastMs} ms, slow ${slowMs} ms`);
  assert.ok(feed.ownBytes > 0, 'the slow consumer read part of the file itself');
  assert.ok(feed.peakBacklog <= 4 * MiB + MiB, `backlog stays bounded (peak ${feed.peakBacklog} bytes)`);
  f.done();
});

test('a read with one consumer keeps a smaller backlog than one shared by several', async () => {
  const f = await file(32 * MiB);
  const image = await ImageFile.open(f.path);
  const peaks: number[] = [];
  for (const participants of [1, 2]) {
    const feed = new SharedRead(image, participants, { detachAfterMs: 60_000 });
    const consumers = Array.from({ length: participants }, () => consumer({ delayMs: 2 }));
    await Promise.all(consumers.map((c) => pipeline(feed.tap()!, c.sink)));
    for (const c of consumers) assert.equal(c.digest(), f.sha);
    peaks.push(feed.peakBacklog);
  }
  assert.ok(peaks[0] <= SOLE_BACKLOG + MiB, `one consumer: peak ${peaks[0]} bytes`);
  assert.ok(peaks[1] > SOLE_BACKLOG + MiB && peaks[1] <= SHARED_BACKLOG + MiB, `two consumers: peak ${peaks[1]} bytes`);
  f.done();
});

test('a failing consumer does not stop the others', async () => {
  const f = await file(16 * MiB);
  const image = await ImageFile.open(f.path);
  const feed = new SharedRead(image, 3);
  const good1 = consumer();
  const good2 = consumer();
  const bad = consumer({ failAfter: 3 * MiB });
  const results = await Promise.allSettled([pipeline(feed.tap()!, good1.sink), pipeline(feed.tap()!, bad.sink), pipeline(feed.tap()!, good2.sink)]);
  assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
  assert.equal(good1.digest(), f.sha);
  assert.equal(good2.digest(), f.sha);
  f.done();
});

test('a participant that never takes a tap (skipped upload) does not hold the read back', async () => {
  const f = await file(4 * MiB);
  const image = await ImageFile.open(f.path);
  const feed = new SharedRead(image, 2, { startAfterMs: 60_000 });
  const c = consumer();
  const tap = feed.tap()!;
  feed.release();
  await pipeline(tap, c.sink);
  assert.equal(c.digest(), f.sha);
  f.done();
});

test('hashing on the worker thread gives the same md5 and sha256, whatever the chunk sizes', async () => {
  const { workerHasher } = await import('../../extension/openstack/images/hashWorker');
  const data = crypto.randomBytes(13 * MiB + 777);
  const hasher = workerHasher();
  const sizes = [1, MiB, 3 * MiB + 5, 17, MiB - 1, 2 * MiB];
  let offset = 0;
  for (let i = 0; offset < data.length; i++) {
    const end = Math.min(data.length, offset + sizes[i % sizes.length]);
    await hasher.update(data.subarray(offset, end));
    offset = end;
  }
  const h = await hasher.digest();
  hasher.dispose();
  assert.equal(h.md5, crypto.createHash('md5').update(data).digest('hex'));
  assert.equal(h.sha256, crypto.createHash('sha256').update(data).digest('hex'));
});
