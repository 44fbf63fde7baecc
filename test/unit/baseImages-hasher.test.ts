// Hashing beside the transfer: the worker thread's digests are node crypto's, whatever the chunk
// sizes (batches fill across chunks and chunks split across batches); what it writes is the bytes
// read into its lent space (as a socket does) or copied there, and nothing given to `update`, in
// order; and a download large enough for the worker is verified like any other.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prestartHashWorker, streamHasher, type HashingWriter } from '../../extension/baseImages/streamHasher';
import { copyBytes } from '../../extension/baseImages/bodySink';
import { downloadVerified } from '../../extension/baseImages/download';
import { SourceHttp } from '../../extension/baseImages/http';
import { startImageMirror, type ImageMirror } from '../support/imageMirror';
import { settledThreadCount, threadCount as threads, threadCountBecomes } from './support/threads';

let mirror: ImageMirror;
before(async () => { mirror = await startImageMirror(); });
after(async () => { await mirror.close(); });

test('the worker hasher gives node crypto\'s digests for any chunking', async () => {
  const data = crypto.randomBytes(9 * 1024 * 1024 + 12345);
  const want = { sha256: crypto.createHash('sha256').update(data).digest('hex'), sha512: crypto.createHash('sha512').update(data).digest('hex') };
  for (const chunk of [1000, 65536, 3 * 1024 * 1024, 5 * 1024 * 1024]) {
    const hasher = streamHasher(['sha256', 'sha512'], data.length, { workerFrom: 0 });
    for (let i = 0; i < data.length; i += chunk) await hasher.update(data.subarray(i, i + chunk));
    assert.deepEqual(await hasher.digest(), want, `chunks of ${chunk}`);
    await hasher.dispose();
  }
  const small = streamHasher(['md5'], 10);
  small.update(Buffer.from('abc'));
  assert.deepEqual(await small.digest(), { md5: '900150983cd24fb0d6963f7d28e17f72' });
});

test('a prestarted worker is taken by the next large hasher, which gives the right digests; released untaken, it stops', async () => {
  const data = crypto.randomBytes(3 * 1024 * 1024 + 5);
  const before = await settledThreadCount();
  const release = prestartHashWorker();
  assert.equal(threads(), before + 1, 'the worker started at once');
  const hasher = streamHasher(['sha256', 'md5'], data.length, { workerFrom: 0 });
  assert.equal(threads(), before + 1, 'the hasher took the prestarted worker instead of starting one');
  release(); // taken: nothing to stop
  await hasher.update(data);
  assert.deepEqual(await hasher.digest(), { sha256: crypto.createHash('sha256').update(data).digest('hex'), md5: crypto.createHash('md5').update(data).digest('hex') });
  await hasher.dispose();
  await threadCountBecomes(before, 'the worker stopped with its hasher');

  const unused = prestartHashWorker();
  const again = prestartHashWorker();
  assert.equal(threads(), before + 1, 'a second prestart shares the spare');
  unused();
  await threadCountBecomes(before, 'the untaken worker stopped when released');
  again(); // already stopped: nothing to do
  assert.equal(threads(), before);
});

/** What a socket does with the writer: reads of uneven sizes into its space, waiting when asked. */
async function readLikeASocket(writer: HashingWriter, bytes: Buffer): Promise<void> {
  const sizes = [1, 70_000, 1024 * 1024, 333, 2 * 1024 * 1024];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const space = writer.space();
    const n = bytes.copy(space, 0, at, at + Math.min(space.length, sizes[i % sizes.length]));
    at += n;
    await writer.filled(n);
  }
}

test('the hasher writes what is read into its space or copied there, after what it only hashes, on the worker and inline', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baseimages-writer-'));
  try {
    const onDisk = crypto.randomBytes(2 * 1024 * 1024 + 777);
    const received = crypto.randomBytes(5 * 1024 * 1024 + 4321);
    const want = crypto.createHash('sha256').update(onDisk).update(received).digest('hex');
    const ways = { socket: readLikeASocket, copied: async (w: HashingWriter, b: Buffer) => {
      for (let i = 0; i < b.length; i += 65_536) await copyBytes(b.subarray(i, i + 65_536), w);
    } };
    for (const workerFrom of [0, Infinity]) {
      for (const [way, write] of Object.entries(ways)) {
        const file = path.join(dir, `part-${workerFrom}-${way}`);
        fs.writeFileSync(file, onDisk);
        const handle = await fs.promises.open(file, 'a');
        const writer = streamHasher(['sha256'], onDisk.length + received.length, { workerFrom, fd: handle.fd });
        try {
          for (let i = 0; i < onDisk.length; i += 300_000) await writer.update(onDisk.subarray(i, i + 300_000));
          await write(writer, received);
          assert.equal((await writer.digest()).sha256, want, `workerFrom ${workerFrom}, ${way}`);
        } finally {
          await writer.dispose();
          await handle.close();
        }
        assert.ok(fs.readFileSync(file).equals(Buffer.concat([onDisk, received])), `file written with workerFrom ${workerFrom}, ${way}`);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a reader faster than the worker is asked to wait, and hashed-only bytes may follow written ones', async () => {
  const devNull = fs.openSync('/dev/null', 'w');
  const writer = streamHasher(['sha256'], Infinity, { workerFrom: 0, fd: devNull });
  try {
    const want = crypto.createHash('sha256');
    let waits = 0;
    for (let i = 0; i < 64; i++) {
      const space = writer.space();
      space.fill(i);
      want.update(space);
      const wait = writer.filled(space.length);
      if (wait) {
        waits++;
        await wait;
      }
    }
    assert.ok(waits > 0, 'the reader was asked to wait');
    const space = writer.space();
    space[0] = 1;
    want.update(space.subarray(0, 1));
    await writer.filled(1);
    await writer.update(Buffer.from('hashed only'));
    want.update('hashed only');
    assert.equal((await writer.digest()).sha256, want.digest('hex'));
  } finally {
    await writer.dispose();
    fs.closeSync(devNull);
  }
});

test('updates that do not wait for each other are hashed in call order, and the digest waits for them all', async () => {
  const data = crypto.randomBytes(20 * 1024 * 1024 + 999);
  const want = crypto.createHash('sha256').update(data).digest('hex');
  const hasher = streamHasher(['sha256'], data.length, { workerFrom: 0 });
  try {
    // A chunk that spans batches is still being handed over when the small one after it comes:
    // the small one must queue, not slip in before the big one's end.
    for (let i = 0, n = 0; i < data.length; n++) {
      const size = n % 2 ? 1000 : 2.5 * 1024 * 1024;
      void hasher.update(data.subarray(i, i + size));
      i += size;
    }
    assert.equal((await hasher.digest()).sha256, want);
  } finally {
    await hasher.dispose();
  }
});

test('a write that fails on the worker fails the digest instead of hanging', async () => {
  const writer = streamHasher(['sha256'], 1, { workerFrom: 0, fd: 2 ** 30 });
  try {
    await assert.rejects(async () => {
      await copyBytes(Buffer.alloc(3 * 1024 * 1024), writer);
      await writer.digest();
    }, /EBADF/);
  } finally {
    await writer.dispose();
  }
});

test('a download hashed on the worker is verified, and refused when a byte differs', async () => {
  const image = mirror.images.debian;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baseimages-hasher-'));
  const http = new SourceHttp();
  try {
    const expected = { algorithm: 'sha512' as const, hex: crypto.createHash('sha512').update(image.bytes).digest('hex'), size: image.bytes.length };
    const out = await downloadVerified({ url: mirror.origin + image.path, dest: path.join(dir, 'a.qcow2'), expected, http, workerFrom: 0 });
    assert.equal(out.hashes.sha256, image.sha256);
    mirror.corrupt(image.path);
    await assert.rejects(downloadVerified({ url: mirror.origin + image.path, dest: path.join(dir, 'b.qcow2'), expected, http, workerFrom: 0 }), /is not the published/);
    assert.deepEqual(fs.readdirSync(dir), ['a.qcow2']);
  } finally {
    mirror.put(image.path, image.bytes);
    await http.close();
  }
});
